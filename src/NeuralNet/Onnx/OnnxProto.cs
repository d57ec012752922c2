namespace NeuralNet.Onnx;

/// <summary>
/// The part of ONNX's schema (<c>onnx.proto</c>, proto2) that export writes: field numbers and
/// enum values, which are fixed by the standard, and builders for the small messages.
/// </summary>
/// <remarks>
/// Fields go out in field-number order, the order a protobuf library would use, so that files
/// diff and hash predictably. Repeated scalars are packed exactly where the schema says
/// <c>[packed = true]</c> (tensor data) and written one by one elsewhere (tensor dims, as proto2 declares them).
/// </remarks>
internal static class OnnxProto
{
    /// <summary>ModelProto's fields.</summary>
    internal static class Model
    {
        public const int IrVersion = 1, ProducerName = 2, ProducerVersion = 3, DocString = 6, Graph = 7, OpsetImport = 8, MetadataProps = 14;
    }

    /// <summary>GraphProto's fields.</summary>
    internal static class Graph
    {
        public const int Node = 1, Name = 2, Initializer = 5, DocString = 10, Input = 11, Output = 12;
    }

    /// <summary>NodeProto's fields.</summary>
    private static class Node
    {
        public const int Input = 1, Output = 2, Name = 3, OpType = 4, Attribute = 5;
    }

    /// <summary>AttributeProto's fields and the attribute types used (FLOAT, INT).</summary>
    private static class Attribute
    {
        public const int Name = 1, F = 2, I = 3, Type = 20;
        public const int TypeFloat = 1, TypeInt = 2;
    }

    /// <summary>TensorProto's fields.</summary>
    private static class Tensor
    {
        public const int Dims = 1, DataType = 2, FloatData = 4, Int64Data = 7, Name = 8;
    }

    /// <summary>ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto and its Dimension.</summary>
    private static class ValueInfo
    {
        public const int Name = 1, Type = 2;
        public const int TypeTensorType = 1;
        public const int TensorElementType = 1, TensorShape = 2;
        public const int ShapeDim = 1;
        public const int DimValue = 1, DimParam = 2;
    }

    /// <summary>OperatorSetIdProto's and StringStringEntryProto's fields (both 1 and 2).</summary>
    private static class Pair
    {
        public const int First = 1, Second = 2;
    }

    /// <summary>TensorProto.DataType values.</summary>
    internal static class DataType
    {
        public const int Float = 1, Int64 = 7;
    }

    /// <summary>A NodeProto: one operator applied to named values.</summary>
    /// <param name="opType">The operator, such as <c>Gemm</c>, in the default domain.</param>
    /// <param name="name">The node's name, unique in the graph.</param>
    /// <param name="inputs">The names of its inputs, in the operator's order.</param>
    /// <param name="output">The name of its one output.</param>
    /// <param name="attributes">Integer attributes, such as <c>axis</c>.</param>
    public static ProtobufWriter NodeMessage(string opType, string name, string[] inputs, string output, params (string Name, long Value)[] attributes) =>
        NodeMessage(opType, name, inputs, output, [], attributes);

    /// <summary>A NodeProto with float attributes (such as <c>alpha</c>) and integer ones.</summary>
    /// <param name="opType">The operator, such as <c>LeakyRelu</c>, in the default domain.</param>
    /// <param name="name">The node's name, unique in the graph.</param>
    /// <param name="inputs">The names of its inputs, in the operator's order.</param>
    /// <param name="output">The name of its one output.</param>
    /// <param name="floatAttributes">Float attributes, written first.</param>
    /// <param name="attributes">Integer attributes.</param>
    public static ProtobufWriter NodeMessage(
        string opType, string name, string[] inputs, string output, (string Name, float Value)[] floatAttributes, params (string Name, long Value)[] attributes)
    {
        var node = new ProtobufWriter();
        foreach (string input in inputs)
        {
            node.WriteString(Node.Input, input);
        }

        node.WriteString(Node.Output, output);
        node.WriteString(Node.Name, name);
        node.WriteString(Node.OpType, opType);
        foreach ((string attributeName, float value) in floatAttributes)
        {
            var attribute = new ProtobufWriter();
            attribute.WriteString(Attribute.Name, attributeName);
            attribute.WriteFloat(Attribute.F, value);
            attribute.WriteInt64(Attribute.Type, Attribute.TypeFloat);
            node.WriteMessage(Node.Attribute, attribute);
        }

        foreach ((string attributeName, long value) in attributes)
        {
            var attribute = new ProtobufWriter();
            attribute.WriteString(Attribute.Name, attributeName);
            attribute.WriteInt64(Attribute.I, value);
            attribute.WriteInt64(Attribute.Type, Attribute.TypeInt);
            node.WriteMessage(Node.Attribute, attribute);
        }

        return node;
    }

    /// <summary>A float32 TensorProto (an initializer), row-major, its data packed.</summary>
    public static ProtobufWriter FloatTensor(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values)
    {
        var tensor = new ProtobufWriter();
        tensor.WriteRepeatedInt64(Tensor.Dims, dims);
        tensor.WriteInt64(Tensor.DataType, DataType.Float);
        tensor.WritePackedFloats(Tensor.FloatData, values);
        tensor.WriteString(Tensor.Name, name);
        return tensor;
    }

    /// <summary>An int64 TensorProto (an initializer), its data packed.</summary>
    public static ProtobufWriter Int64Tensor(string name, ReadOnlySpan<long> dims, ReadOnlySpan<long> values)
    {
        var tensor = new ProtobufWriter();
        tensor.WriteRepeatedInt64(Tensor.Dims, dims);
        tensor.WriteInt64(Tensor.DataType, DataType.Int64);
        tensor.WritePackedInt64s(Tensor.Int64Data, values);
        tensor.WriteString(Tensor.Name, name);
        return tensor;
    }

    /// <summary>A ValueInfoProto for a graph input or output: a tensor of an element type and a shape.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="elementType">A <see cref="DataType"/> value.</param>
    /// <param name="dimensions">Each dimension: a fixed size, or a symbol (a dynamic size, such as the batch).</param>
    public static ProtobufWriter TensorValueInfo(string name, int elementType, params OnnxDimension[] dimensions)
    {
        var shape = new ProtobufWriter();
        foreach (OnnxDimension dimension in dimensions)
        {
            var dim = new ProtobufWriter();
            if (dimension.Symbol is { } symbol)
            {
                dim.WriteString(ValueInfo.DimParam, symbol);
            }
            else
            {
                dim.WriteInt64(ValueInfo.DimValue, dimension.Size);
            }

            shape.WriteMessage(ValueInfo.ShapeDim, dim);
        }

        var tensorType = new ProtobufWriter();
        tensorType.WriteInt64(ValueInfo.TensorElementType, elementType);
        tensorType.WriteMessage(ValueInfo.TensorShape, shape);
        var type = new ProtobufWriter();
        type.WriteMessage(ValueInfo.TypeTensorType, tensorType);
        var valueInfo = new ProtobufWriter();
        valueInfo.WriteString(ValueInfo.Name, name);
        valueInfo.WriteMessage(ValueInfo.Type, type);
        return valueInfo;
    }

    /// <summary>An OperatorSetIdProto: a domain ("" for the standard operators) and its version.</summary>
    public static ProtobufWriter OperatorSet(string domain, long version)
    {
        var opset = new ProtobufWriter();
        opset.WriteString(Pair.First, domain);
        opset.WriteInt64(Pair.Second, version);
        return opset;
    }

    /// <summary>A StringStringEntryProto: one key and value of <c>metadata_props</c>.</summary>
    public static ProtobufWriter StringEntry(string key, string value)
    {
        var entry = new ProtobufWriter();
        entry.WriteString(Pair.First, key);
        entry.WriteString(Pair.Second, value);
        return entry;
    }
}
