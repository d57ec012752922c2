namespace NeuralNet.Interop;

/// <summary>One tensor as a safetensors header describes it, after the header's checks.</summary>
/// <param name="Name">The key, such as <c>0.weight</c>.</param>
/// <param name="DType">The element type's code, <c>F32</c> or <c>I64</c> (the only ones accepted).</param>
/// <param name="Shape">The dimensions, each ≥ 0; empty for a scalar.</param>
/// <param name="Begin">The first byte in the data section (inclusive).</param>
/// <param name="End">The byte after the last (exclusive).</param>
internal sealed record TensorEntry(string Name, string DType, int[] Shape, long Begin, long End)
{
    /// <summary>The shape as text, <c>[16, 4]</c>, for messages.</summary>
    public string ShapeText => ShapeToText(Shape);

    /// <summary>Formats a shape the way messages show it.</summary>
    public static string ShapeToText(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";
}
