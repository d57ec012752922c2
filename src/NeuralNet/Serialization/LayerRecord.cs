using System.Buffers.Binary;
using NeuralNet.Layers;

namespace NeuralNet.Serialization;

/// <summary>
/// One layer as the file describes it: a kind code and, for a layer with stored values, its shape;
/// for an activation with hyperparameters, their values.
/// </summary>
/// <remarks>
/// The kind codes: 1 Dense, 2 Sigmoid, 3 Tanh, 4 ReLU, 5 Softmax, 6 Identity (versions 1 and 2),
/// 7 Standardization, 8 LeakyReLU, 9 ELU, 10 GELU, 11 SiLU, 12 Softplus, 13 Dropout, 14 BatchNorm (version 2 only). A dense
/// record is 10 bytes (kind, inputs int32, outputs int32, initialization byte, whose high bit marks a
/// layer without a bias), a standardization
/// record 5 (kind, features int32), a LeakyReLU, ELU or Dropout record 5 (kind, negative slope, alpha or
/// drop probability float32), a Softplus record 9 (kind, beta float32, threshold float32); every other record is its
/// kind byte alone; a BatchNorm record is 21 (kind, features int32, epsilon float32, momentum
/// float32, batches tracked int64). Dense and standardization layers each store two tensors: weight
/// and bias, or mean and standard deviation; a BatchNorm layer four: γ, β, running mean, running
/// variance. For a standardization or BatchNorm record <see cref="Inputs"/> and
/// <see cref="Outputs"/> are both its feature count. <see cref="First"/> and <see cref="Second"/>
/// hold the float hyperparameters in the order the record stores them; <see cref="Tracked"/> is
/// BatchNorm's count of training batches.
/// </remarks>
internal readonly record struct LayerRecord(
    byte Kind, int Inputs, int Outputs, WeightInitialization Initialization, float First = 0f, float Second = 0f, long Tracked = 0, bool WithoutBias = false)
{
    /// <summary>The bit of a dense record's initialization byte that marks a layer without a bias (version 2).</summary>
    public const byte NoBiasFlag = 0x80;

    public const byte DenseKind = 1;
    public const byte StandardizationKind = 7;
    public const byte LeakyReluKind = 8;
    public const byte EluKind = 9;
    public const byte GeluKind = 10;
    public const byte SiluKind = 11;
    public const byte SoftplusKind = 12;
    public const byte DropoutKind = 13;
    public const byte BatchNormKind = 14;
    public const byte LastVersion1Kind = 6;
    public const byte LastKind = BatchNormKind;
    public const int DenseLength = 10;
    public const int StandardizationLength = 5;
    public const int OneHyperparameterLength = 5;
    public const int SoftplusLength = 9;
    public const int BatchNormLength = 21;
    public const int LongestLength = BatchNormLength;

    public bool IsDense => Kind == DenseKind;

    public bool IsStandardization => Kind == StandardizationKind;

    public bool IsBatchNorm => Kind == BatchNormKind;

    /// <summary>Whether the layer has stored tensors and fixes its width (Dense, Standardization, BatchNorm).</summary>
    public bool HasTensors => IsDense || IsStandardization || IsBatchNorm;

    /// <summary>The tensors the file stores for this layer, one <c>PARM</c> section each.</summary>
    public int TensorCount => IsBatchNorm ? 4 : IsDense && WithoutBias ? 1 : HasTensors ? 2 : 0;

    /// <summary>The values the file must hold for this layer, over all its tensors.</summary>
    public long ValueCount => IsBatchNorm ? 4L * Inputs : TensorLength(0) + (TensorCount > 1 ? TensorLength(1) : 0);

    /// <summary>The layer kind's name, for messages.</summary>
    public string KindName => IsDense ? "Dense" : IsStandardization ? "Standardization" : IsBatchNorm ? "BatchNorm" : $"kind {Kind}";

    public int Length => LengthOf(Kind);

    /// <summary>The bytes a record of <paramref name="kind"/> takes, its kind byte included.</summary>
    public static int LengthOf(byte kind) => kind switch
    {
        DenseKind => DenseLength,
        StandardizationKind => StandardizationLength,
        LeakyReluKind or EluKind or DropoutKind => OneHyperparameterLength,
        SoftplusKind => SoftplusLength,
        BatchNormKind => BatchNormLength,
        _ => 1,
    };

    /// <summary>The values in the layer's tensor <paramref name="slot"/> (weight or bias; mean or standard deviation; γ, β, running mean or variance).</summary>
    public long TensorLength(int slot) =>
        IsDense ? (slot == 0 ? (long)Inputs * Outputs : Outputs) : IsStandardization || IsBatchNorm ? Inputs : 0;

    /// <summary>The name of a stored tensor, for messages.</summary>
    public string TensorName(int slot) =>
        IsDense ? (slot == 0 ? "weight" : "bias")
        : IsBatchNorm ? slot switch { 0 => "weight", 1 => "bias", 2 => "running mean", _ => "running variance" }
        : (slot == 0 ? "mean" : "standard deviation");

    public static LayerRecord Of(Layer layer) => layer switch
    {
        Dense d => new LayerRecord(DenseKind, d.Inputs, d.Outputs, d.Initialization, WithoutBias: !d.HasBias),
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
        BatchNorm norm => new LayerRecord(BatchNormKind, norm.Features, norm.Features, default, norm.Epsilon, norm.Momentum, norm.BatchesTracked),
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
        byte kind, int index, int inputs, int outputs, byte initialization, byte lastKind = LastKind, float first = 0f, float second = 0f, long tracked = 0)
    {
        if (kind < 1 || kind > lastKind)
        {
            throw new InvalidDataException(
                $"Layer {index} has the unknown kind code {kind}; this format version knows codes 1 to {lastKind} (a newer NeuralNet may know more).");
        }

        if ((kind is StandardizationKind or BatchNormKind) && inputs is < 1 or > FormatLimits.MaxDimension)
        {
            throw new InvalidDataException(
                $"Layer {index} is a {(kind == StandardizationKind ? "Standardization" : "BatchNorm")} layer of {inputs} features; it must have 1 to {FormatLimits.MaxDimension}.");
        }

        if (kind == StandardizationKind)
        {
            return new LayerRecord(kind, inputs, inputs, default);
        }

        if (kind == BatchNormKind)
        {

            CheckHyperparameter(index, "BatchNorm", "epsilon", first, float.IsFinite(first) && first > 0f, "finite and positive");
            CheckHyperparameter(index, "BatchNorm", "momentum", second, second >= 0f && second <= 1f, "in [0, 1]");
            if (tracked < 0)
            {
                throw new InvalidDataException($"Layer {index} is a BatchNorm layer that has tracked {tracked} batches; the count cannot be negative.");
            }

            return new LayerRecord(kind, inputs, inputs, default, first, second, tracked);
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

        // Version 2 marks a dense layer without a bias in the initialization byte's high bit; version 1
        // (lastKind 6) has no such layers, so there the bit is an unknown code like any other.
        bool withoutBias = lastKind > LastVersion1Kind && (initialization & NoBiasFlag) != 0;
        byte code = withoutBias ? (byte)(initialization & ~NoBiasFlag) : initialization;
        if (!Enum.IsDefined((WeightInitialization)code))
        {
            throw new InvalidDataException($"Layer {index} has the unknown initialization code {initialization}.");
        }

        return new LayerRecord(kind, inputs, outputs, (WeightInitialization)code, WithoutBias: withoutBias);
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
            BatchNormKind => Check(
                BatchNormKind, index, BinaryPrimitives.ReadInt32LittleEndian(bytes[1..]), 0, 0,
                first: BinaryPrimitives.ReadSingleLittleEndian(bytes[5..]), second: BinaryPrimitives.ReadSingleLittleEndian(bytes[9..]),
                tracked: BinaryPrimitives.ReadInt64LittleEndian(bytes[13..])),
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
            destination[9] = (byte)((byte)Initialization | (WithoutBias ? NoBiasFlag : 0));
        }

        if (Kind is LeakyReluKind or EluKind or DropoutKind or SoftplusKind)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[1..], First);
        }

        if (Kind == SoftplusKind)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[5..], Second);
        }

        if (IsBatchNorm)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[5..], First);
            BinaryPrimitives.WriteSingleLittleEndian(destination[9..], Second);
            BinaryPrimitives.WriteInt64LittleEndian(destination[13..], Tracked);
        }
    }

    /// <summary>
    /// A new layer of a kind without stored values, or a dense or BatchNorm one with initial values
    /// the caller overwrites; a standardization layer is built from its values by the reader instead.
    /// </summary>
    public Layer Create() => Kind switch
    {
        DenseKind => new Dense(Inputs, Outputs, bias: !WithoutBias, Initialization),
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
        BatchNormKind => new BatchNorm(Inputs, First, Second) { BatchesTracked = Tracked },
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
