using System.Buffers.Binary;
using NeuralNet.Layers;

namespace NeuralNet.Serialization;

/// <summary>
/// One layer as the file describes it: a kind code and, for a layer with stored values, its shape;
/// for an activation with hyperparameters, their values.
/// </summary>
/// <remarks>
/// The kind codes: 1 Dense, 2 Sigmoid, 3 Tanh, 4 ReLU, 5 Softmax, 6 Identity (versions 1 and 2),
/// 7 Standardization, 8 LeakyReLU, 9 ELU, 10 GELU, 11 SiLU, 12 Softplus, 13 Dropout (version 2 only). A dense
/// record is 10 bytes (kind, inputs int32, outputs int32, initialization byte), a standardization
/// record 5 (kind, features int32), a LeakyReLU, ELU or Dropout record 5 (kind, negative slope, alpha or
/// drop probability float32), a Softplus record 9 (kind, beta float32, threshold float32); every other record is its
/// kind byte alone. Dense and standardization layers each store two tensors: weight and bias, or
/// mean and standard deviation. For a standardization record <see cref="Inputs"/> and
/// <see cref="Outputs"/> are both its feature count. <see cref="First"/> and <see cref="Second"/>
/// hold the float hyperparameters in the order the record stores them.
/// </remarks>
internal readonly record struct LayerRecord(byte Kind, int Inputs, int Outputs, WeightInitialization Initialization, float First = 0f, float Second = 0f)
{
    public const byte DenseKind = 1;
    public const byte StandardizationKind = 7;
    public const byte LeakyReluKind = 8;
    public const byte EluKind = 9;
    public const byte GeluKind = 10;
    public const byte SiluKind = 11;
    public const byte SoftplusKind = 12;
    public const byte DropoutKind = 13;
    public const byte LastVersion1Kind = 6;
    public const byte LastKind = DropoutKind;
    public const int DenseLength = 10;
    public const int StandardizationLength = 5;
    public const int OneHyperparameterLength = 5;
    public const int SoftplusLength = 9;

    public bool IsDense => Kind == DenseKind;

    public bool IsStandardization => Kind == StandardizationKind;

    /// <summary>Whether the layer has stored tensors and fixes its width (Dense, Standardization).</summary>
    public bool HasTensors => IsDense || IsStandardization;

    /// <summary>The values the file must hold for this layer, over both its tensors.</summary>
    public long ValueCount => TensorLength(0) + TensorLength(1);

    public int Length => LengthOf(Kind);

    /// <summary>The bytes a record of <paramref name="kind"/> takes, its kind byte included.</summary>
    public static int LengthOf(byte kind) => kind switch
    {
        DenseKind => DenseLength,
        StandardizationKind => StandardizationLength,
        LeakyReluKind or EluKind or DropoutKind => OneHyperparameterLength,
        SoftplusKind => SoftplusLength,
        _ => 1,
    };

    /// <summary>The values in the layer's first (weight, mean) or second (bias, standard deviation) tensor.</summary>
    public long TensorLength(int slot) =>
        IsDense ? (slot == 0 ? (long)Inputs * Outputs : Outputs) : IsStandardization ? Inputs : 0;

    /// <summary>The name of a stored tensor, for messages.</summary>
    public string TensorName(int slot) =>
        IsDense ? (slot == 0 ? "weight" : "bias") : (slot == 0 ? "mean" : "standard deviation");

    public static LayerRecord Of(Layer layer) => layer switch
    {
        Dense d => new LayerRecord(DenseKind, d.Inputs, d.Outputs, d.Initialization),
        Standardization s => new LayerRecord(StandardizationKind, s.Features, s.Features, default),
        Sigmoid => Activation(2),
        Tanh => Activation(3),
        ReLU => Activation(4),
        Softmax => Activation(5),
        Identity => Activation(6),
        LeakyReLU leaky => new LayerRecord(LeakyReluKind, 0, 0, default, leaky.NegativeSlope),
        ELU elu => new LayerRecord(EluKind, 0, 0, default, elu.Alpha),
        GELU => Activation(GeluKind),
        SiLU => Activation(SiluKind),
        Softplus softplus => new LayerRecord(SoftplusKind, 0, 0, default, softplus.Beta, softplus.Threshold),
        Dropout dropout => new LayerRecord(DropoutKind, 0, 0, default, dropout.Probability),
        _ => throw new NotSupportedException($"The .nnet format cannot store a {layer.GetType().Name} layer."),
    };

    /// <summary>
    /// Checks a record's fields: a kind code up to <paramref name="lastKind"/>, a shape within the
    /// limits, a known initialization. <paramref name="index"/> is the layer's position, for
    /// messages; the fields a kind does not have are ignored. <paramref name="first"/> and
    /// <paramref name="second"/> are the float hyperparameters of an activation that has them,
    /// checked as its constructor checks them.
    /// </summary>
    public static LayerRecord Check(
        byte kind, int index, int inputs, int outputs, byte initialization, byte lastKind = LastKind, float first = 0f, float second = 0f)
    {
        if (kind < 1 || kind > lastKind)
        {
            throw new InvalidDataException(
                $"Layer {index} has the unknown kind code {kind}; this format version knows codes 1 to {lastKind} (a newer NeuralNet may know more).");
        }

        if (kind == StandardizationKind)
        {
            if (inputs is < 1 or > FormatLimits.MaxDimension)
            {
                throw new InvalidDataException(
                    $"Layer {index} is a Standardization layer of {inputs} features; it must have 1 to {FormatLimits.MaxDimension}.");
            }

            return new LayerRecord(kind, inputs, inputs, default);
        }

        switch (kind)
        {
            case LeakyReluKind:
                CheckHyperparameter(index, "LeakyReLU", "negative slope", first, float.IsFinite(first) && first >= 0f, "finite and not negative");
                return new LayerRecord(kind, 0, 0, default, first);
            case EluKind:
                CheckHyperparameter(index, "ELU", "alpha", first, float.IsFinite(first) && first >= 0f, "finite and not negative");
                return new LayerRecord(kind, 0, 0, default, first);
            case DropoutKind:
                CheckHyperparameter(index, "Dropout", "probability", first, first >= 0f && first < 1f, "in [0, 1)");
                return new LayerRecord(kind, 0, 0, default, first);
            case SoftplusKind:
                CheckHyperparameter(index, "Softplus", "beta", first, float.IsFinite(first) && first > 0f, "finite and positive");
                CheckHyperparameter(index, "Softplus", "threshold", second, float.IsFinite(second), "finite");
                return new LayerRecord(kind, 0, 0, default, first, second);
            case not DenseKind:
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
        int needed = bytes.IsEmpty ? 1 : LengthOf(bytes[0]);
        if (bytes.Length < needed)
        {
            return false;
        }

        record = bytes[0] switch
        {
            DenseKind => Check(DenseKind, index, BinaryPrimitives.ReadInt32LittleEndian(bytes[1..]), BinaryPrimitives.ReadInt32LittleEndian(bytes[5..]), bytes[9]),
            StandardizationKind => Check(StandardizationKind, index, BinaryPrimitives.ReadInt32LittleEndian(bytes[1..]), 0, 0),
            LeakyReluKind or EluKind or DropoutKind => Check(bytes[0], index, 0, 0, 0, first: BinaryPrimitives.ReadSingleLittleEndian(bytes[1..])),
            SoftplusKind => Check(
                SoftplusKind, index, 0, 0, 0, first: BinaryPrimitives.ReadSingleLittleEndian(bytes[1..]), second: BinaryPrimitives.ReadSingleLittleEndian(bytes[5..])),
            _ => Check(bytes[0], index, 0, 0, 0),
        };
        return true;
    }

    public void WriteTo(Span<byte> destination)
    {
        destination[0] = Kind;
        if (HasTensors)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination[1..], Inputs);
        }

        if (IsDense)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination[5..], Outputs);
            destination[9] = (byte)Initialization;
        }

        if (Kind is LeakyReluKind or EluKind or DropoutKind or SoftplusKind)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[1..], First);
        }

        if (Kind == SoftplusKind)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[5..], Second);
        }
    }

    /// <summary>
    /// A new layer of a kind without stored values, or a dense one with freshly drawn weights the
    /// caller overwrites; a standardization layer is built from its values by the reader instead.
    /// </summary>
    public Layer Create() => Kind switch
    {
        DenseKind => new Dense(Inputs, Outputs, Initialization),
        2 => new Sigmoid(),
        3 => new Tanh(),
        4 => new ReLU(),
        5 => new Softmax(),
        6 => new Identity(),
        LeakyReluKind => new LeakyReLU(First),
        EluKind => new ELU(First),
        GeluKind => new GELU(),
        SiluKind => new SiLU(),
        SoftplusKind => new Softplus(First, Second),
        DropoutKind => new Dropout(First),
        _ => throw new InvalidOperationException($"A {Kind} layer is built from its stored values, not created empty."),
    };

    private static LayerRecord Activation(byte kind) => new(kind, 0, 0, default);

    private static void CheckHyperparameter(int index, string layer, string name, float value, bool valid, string rule)
    {
        if (!valid)
        {
            throw new InvalidDataException(
                $"Layer {index} is a {layer} layer with the {name} {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be {rule}.");
        }
    }
}
