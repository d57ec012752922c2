using System.Buffers.Binary;
using NeuralNet.Layers;

namespace NeuralNet.Serialization;

/// <summary>One layer as the file describes it: a kind code and, for a dense layer, its shape and initialization.</summary>
/// <remarks>
/// The kind codes are the same in versions 1 and 2: 1 Dense, 2 Sigmoid, 3 Tanh, 4 ReLU, 5 Softmax,
/// 6 Identity. A dense record is 10 bytes (kind, inputs int32, outputs int32, initialization
/// byte); every other record is its kind byte alone.
/// </remarks>
internal readonly record struct LayerRecord(byte Kind, int Inputs, int Outputs, WeightInitialization Initialization)
{
    public const byte DenseKind = 1;
    public const int DenseLength = 10;

    public bool IsDense => Kind == DenseKind;

    /// <summary>Weights plus biases: what the file must hold for this layer.</summary>
    public long ValueCount => IsDense ? ((long)Inputs * Outputs) + Outputs : 0;

    public int Length => IsDense ? DenseLength : 1;

    public static LayerRecord Of(Layer layer) => layer switch
    {
        Dense d => new LayerRecord(DenseKind, d.Inputs, d.Outputs, d.Initialization),
        Sigmoid => Activation(2),
        Tanh => Activation(3),
        ReLU => Activation(4),
        Softmax => Activation(5),
        Identity => Activation(6),
        _ => throw new NotSupportedException($"The .nnet format cannot store a {layer.GetType().Name} layer."),
    };

    /// <summary>
    /// Checks a record's fields: a known kind code, a dense shape within the limits, a known
    /// initialization. <paramref name="index"/> is the layer's position, for messages; the shape
    /// and initialization are ignored for kinds other than dense.
    /// </summary>
    public static LayerRecord Check(byte kind, int index, int inputs, int outputs, byte initialization)
    {
        if (kind is < 1 or > 6)
        {
            throw new InvalidDataException(
                $"Layer {index} has the unknown kind code {kind}; this library knows codes 1 to 6 (a newer NeuralNet may know more).");
        }

        if (kind != DenseKind)
        {
            return Activation(kind);
        }

        if (inputs is < 1 or > FormatLimits.MaxDimension || outputs is < 1 or > FormatLimits.MaxDimension)
        {
            throw new InvalidDataException(
                $"Layer {index} is a Dense layer of {inputs}×{outputs}; each side must be 1 to {FormatLimits.MaxDimension}.");
        }

        if (!Enum.IsDefined((WeightInitialization)initialization))
        {
            throw new InvalidDataException($"Layer {index} has the unknown initialization code {initialization}.");
        }

        return new LayerRecord(kind, inputs, outputs, (WeightInitialization)initialization);
    }

    /// <summary>Parses the record at the start of <paramref name="bytes"/>; false when the bytes end first.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, int index, out LayerRecord record)
    {
        record = default;
        if (bytes.IsEmpty || (bytes[0] == DenseKind && bytes.Length < DenseLength))
        {
            return false;
        }

        record = bytes[0] == DenseKind
            ? Check(DenseKind, index, BinaryPrimitives.ReadInt32LittleEndian(bytes[1..]), BinaryPrimitives.ReadInt32LittleEndian(bytes[5..]), bytes[9])
            : Check(bytes[0], index, 0, 0, 0);
        return true;
    }

    public void WriteTo(Span<byte> destination)
    {
        destination[0] = Kind;
        if (IsDense)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination[1..], Inputs);
            BinaryPrimitives.WriteInt32LittleEndian(destination[5..], Outputs);
            destination[9] = (byte)Initialization;
        }
    }

    /// <summary>A new layer of this kind; a dense one with freshly drawn weights the caller overwrites.</summary>
    public Layer Create() => Kind switch
    {
        DenseKind => new Dense(Inputs, Outputs, Initialization),
        2 => new Sigmoid(),
        3 => new Tanh(),
        4 => new ReLU(),
        5 => new Softmax(),
        _ => new Identity(),
    };

    private static LayerRecord Activation(byte kind) => new(kind, 0, 0, default);
}
