namespace NeuralNet.Serialization;

/// <summary>
/// The fixed bounds a <c>.nnet</c> reader checks every count and length against before it
/// allocates; docs/file-format.md lists them. Each is far above any model this library trains and
/// far below what would exhaust a machine's memory.
/// </summary>
internal static class FormatLimits
{
    /// <summary>Layers in one network.</summary>
    public const int MaxLayers = 10_000;

    /// <summary>Inputs or outputs of one dense layer.</summary>
    public const int MaxDimension = 1 << 24;

    /// <summary>Values (weights plus biases) in one layer, and in the whole network: 4 GiB of float32.</summary>
    public const long MaxValues = 1L << 30;

    /// <summary>Bytes in the architecture section: a count and at most <see cref="MaxLayers"/> records of the longest kind.</summary>
    public const long MaxArchitectureLength = 4 + ((long)MaxLayers * LayerRecord.LongestLength);

    /// <summary>Bytes in a section this library does not know and may skip (it is read, never kept).</summary>
    public const long MaxUnknownSectionLength = 1L << 32;

    /// <summary>Bytes the reader holds at once while hashing or copying: its one buffer.</summary>
    public const int BufferLength = 64 * 1024;

    /// <summary>Bytes of UTF-8 in one string (a class, feature, metric name or a version).</summary>
    public const int MaxStringBytes = 1 << 16;

    /// <summary>Names in a <c>clas</c> or <c>feat</c> section.</summary>
    public const int MaxNames = 1 << 20;

    /// <summary>Metrics in a <c>meta</c> section.</summary>
    public const int MaxMetrics = 1024;

    /// <summary>Bytes in one metadata section (<c>clas</c>, <c>feat</c>, <c>task</c>, <c>meta</c>), which is read into memory whole.</summary>
    public const int MaxMetadataSectionLength = 1 << 24;
}
