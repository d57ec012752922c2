using NeuralNet.Layers;

namespace NeuralNet.Onnx;

/// <summary>
/// Builds the GraphProto of a network: each layer as one or two standard operators, its values as
/// initializers named after its position (<c>layer0.weight</c>), then the label head of a classifier.
/// </summary>
/// <remarks>
/// Each operator is chosen to compute what the library's layer computes, in the same float32
/// arithmetic where the order of operations is ours to choose (the standardization's division);
/// where it is not (the sums inside a matrix product, <c>exp</c>), ONNX Runtime's kernels differ
/// from ours by a few units in the last place, which the tests bound.
/// </remarks>
internal sealed class OnnxGraphBuilder
{
    private readonly ProtobufWriter _nodes = new();
    private readonly ProtobufWriter _initializers = new();

    private OnnxGraphBuilder()
    {
    }

    /// <summary>The GraphProto of <paramref name="model"/>, read as <paramref name="task"/> says.</summary>
    /// <param name="model">The network; it has a known input and output width.</param>
    /// <param name="task">The task deciding the outputs: <c>output</c> for a regression, else <c>probabilities</c> and <c>label</c>.</param>
    /// <exception cref="NotSupportedException">A layer has no ONNX form here.</exception>
    public static ProtobufWriter Build(Sequential model, ModelTask task)
    {
        int inputs = model.InputSize!.Value, outputs = model.OutputSize!.Value;
        string result = task == ModelTask.Regression ? OnnxExport.OutputName : OnnxExport.ProbabilitiesName;
        var builder = new OnnxGraphBuilder();
        string value = OnnxExport.InputName;
        for (int i = 0; i < model.Layers.Count; i++)
        {
            string output = i == model.Layers.Count - 1 ? result : $"layer{i}.output";
            builder.AddLayer(model.Layers[i], i, value, output);
            value = output;
        }

        var graphOutputs = new List<ProtobufWriter>
        {
            OnnxProto.TensorValueInfo(result, OnnxProto.DataType.Float, OnnxDimension.Batch, new OnnxDimension(outputs)),
        };
        if (task != ModelTask.Regression)
        {
            OnnxDimension[] labelShape = builder.AddLabel(task, result, outputs);
            graphOutputs.Add(OnnxProto.TensorValueInfo(OnnxExport.LabelName, OnnxProto.DataType.Int64, labelShape));
        }

        var graph = new ProtobufWriter();
        graph.WriteFields(builder._nodes);
        graph.WriteString(OnnxProto.Graph.Name, "NeuralNet");
        graph.WriteFields(builder._initializers);
        graph.WriteString(OnnxProto.Graph.DocString, model.ToString());
        graph.WriteMessage(
            OnnxProto.Graph.Input,
            OnnxProto.TensorValueInfo(OnnxExport.InputName, OnnxProto.DataType.Float, OnnxDimension.Batch, new OnnxDimension(inputs)));
        foreach (ProtobufWriter output in graphOutputs)
        {
            graph.WriteMessage(OnnxProto.Graph.Output, output);
        }

        return graph;
    }

    /// <summary>The nodes and initializers of one layer, reading <paramref name="input"/> and writing <paramref name="output"/>.</summary>
    private void AddLayer(Layer layer, int index, string input, string output)
    {
        string prefix = $"layer{index}";
        switch (layer)
        {
            case Dense dense:
                // W is stored [inputs, outputs], which is Gemm's B as it is (transB = 0): y = x·W + b,
                // the bias broadcast over the rows. Gemm's alpha and beta keep their default, 1.
                AddFloatInitializer($"{prefix}.weight", [dense.Inputs, dense.Outputs], dense.Weight.Value.AsSpan());
                AddFloatInitializer($"{prefix}.bias", [dense.Outputs], dense.Bias.Value.AsSpan());
                AddNode("Gemm", $"{prefix}.gemm", [input, $"{prefix}.weight", $"{prefix}.bias"], output);
                break;
            case Standardization standardization:
                // (x − μ) / σ with a true division, as the layer computes it: multiplying by a
                // stored 1/σ would round differently.
                AddFloatInitializer($"{prefix}.mean", [standardization.Features], standardization.MeanValues);
                AddFloatInitializer($"{prefix}.std", [standardization.Features], standardization.DeviationValues);
                AddNode("Sub", $"{prefix}.sub", [input, $"{prefix}.mean"], $"{prefix}.centered");
                AddNode("Div", $"{prefix}.div", [$"{prefix}.centered", $"{prefix}.std"], output);
                break;
            case ReLU:
                AddNode("Relu", $"{prefix}.relu", [input], output);
                break;
            case Sigmoid:
                AddNode("Sigmoid", $"{prefix}.sigmoid", [input], output);
                break;
            case Tanh:
                AddNode("Tanh", $"{prefix}.tanh", [input], output);
                break;
            case Softmax:
                AddNode("Softmax", $"{prefix}.softmax", [input], output, ("axis", -1));
                break;
            case Identity:
                // Kept rather than dropped: the graph then has one node per activation, and a
                // regression's last value gets its name from a node of its own.
                AddNode("Identity", $"{prefix}.identity", [input], output);
                break;
            default:
                throw new NotSupportedException(
                    $"ONNX export does not know the layer {layer.Name} ({layer.GetType().FullName}) at position {index}; " +
                    "it exports Dense, Standardization, ReLU, Sigmoid, Tanh, Softmax and Identity layers.");
        }
    }

    /// <summary>
    /// The <c>label</c> output, deciding as the library does: the arg-max (first on ties) of a
    /// softmax, as <see cref="Sequential.PredictClass(ReadOnlySpan{float})"/>; p ≥ 0.5 for one
    /// sigmoid output, as PredictClass too; p ≥ 0.5 per column for several sigmoid outputs, as
    /// <c>Accuracy</c> decides each label.
    /// </summary>
    /// <returns>The label's shape.</returns>
    private OnnxDimension[] AddLabel(ModelTask task, string probabilities, int outputs)
    {
        if (task == ModelTask.MultiClassClassification)
        {
            // ArgMax's select_last_index keeps its default 0: the first of equal maxima wins.
            AddNode("ArgMax", "label.argmax", [probabilities], OnnxExport.LabelName, ("axis", 1), ("keepdims", 0));
            return [OnnxDimension.Batch];
        }

        bool binary = task == ModelTask.BinaryClassification;
        AddFloatInitializer("label.threshold", [], [0.5f]);
        AddNode("GreaterOrEqual", "label.compare", [probabilities, "label.threshold"], "label.chosen");
        AddNode("Cast", "label.cast", ["label.chosen"], binary ? "label.column" : OnnxExport.LabelName, ("to", OnnxProto.DataType.Int64));
        if (!binary)
        {
            return [OnnxDimension.Batch, new OnnxDimension(outputs)];
        }

        // One class index per row, as for a softmax: the [rows, 1] column squeezed to [rows].
        AddInt64Initializer("label.axes", [1], [1]);
        AddNode("Squeeze", "label.squeeze", ["label.column", "label.axes"], OnnxExport.LabelName);
        return [OnnxDimension.Batch];
    }

    private void AddNode(string opType, string name, string[] inputs, string output, params (string Name, long Value)[] attributes) =>
        _nodes.WriteMessage(OnnxProto.Graph.Node, OnnxProto.NodeMessage(opType, name, inputs, output, attributes));

    private void AddFloatInitializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values) =>
        _initializers.WriteMessage(OnnxProto.Graph.Initializer, OnnxProto.FloatTensor(name, dims, values));

    private void AddInt64Initializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<long> values) =>
        _initializers.WriteMessage(OnnxProto.Graph.Initializer, OnnxProto.Int64Tensor(name, dims, values));
}
