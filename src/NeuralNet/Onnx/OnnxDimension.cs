namespace NeuralNet.Onnx;

/// <summary>One dimension of a value's shape: a fixed size, or a named dynamic one.</summary>
/// <param name="Size">The size, when fixed.</param>
/// <param name="Symbol">The name of a dynamic dimension (such as <c>batch</c>), or <see langword="null"/> for a fixed size.</param>
internal readonly record struct OnnxDimension(long Size, string? Symbol = null)
{
    /// <summary>The dynamic batch dimension every input and output starts with.</summary>
    public static OnnxDimension Batch => new(0, "batch");
}
