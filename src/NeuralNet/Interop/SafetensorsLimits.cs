namespace NeuralNet.Interop;

/// <summary>
/// The bounds a safetensors reader checks before it allocates; docs/safetensors.md lists them.
/// The header limit is the one the reference implementation (Hugging Face's <c>safetensors</c>)
/// enforces; the others are far above any network this library holds.
/// </summary>
internal static class SafetensorsLimits
{
    /// <summary>Bytes in the JSON header (100 MB, as in the reference implementation).</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>
    /// Nesting of the header's JSON: the root object, a tensor's object, its shape or offsets
    /// array. The <c>__metadata__</c> object holds strings only, so nothing needs more.
    /// </summary>
    public const int MaxJsonDepth = 3;

    /// <summary>Tensors in one file: ten per layer of the largest network a <c>.nnet</c> file may hold.</summary>
    public const int MaxTensors = 100_000;

    /// <summary>Dimensions of one tensor.</summary>
    public const int MaxRank = 8;

    /// <summary>Elements in one tensor (4 GiB of float32), the limit of a <c>.nnet</c> layer too.</summary>
    public const long MaxElements = 1L << 30;

    /// <summary>Bytes the reader and the writer hold at once while they copy tensor data.</summary>
    public const int BufferLength = 64 * 1024;
}
