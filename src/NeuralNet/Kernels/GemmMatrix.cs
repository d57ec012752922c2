namespace NeuralNet.Kernels;

/// <summary>
/// A GEMM operand: a row-major matrix in a span, with its shape as stored. Which product uses it
/// as it is and which uses its transpose is the name of the <see cref="Gemm"/> entry point
/// (<see cref="Gemm.MultiplyTransposeA"/>, …), so a call site reads without the signature.
/// </summary>
/// <remarks>
/// Nothing is checked here: <see cref="Gemm"/> checks the shapes against each other and against
/// the spans' lengths, and names the operand in its messages.
/// </remarks>
/// <param name="values">The elements, row after row; at least rows × columns of them.</param>
/// <param name="rows">Rows as stored.</param>
/// <param name="columns">Columns as stored.</param>
internal readonly ref struct GemmMatrix(ReadOnlySpan<float> values, int rows, int columns)
{
    /// <summary>The elements, row after row.</summary>
    public ReadOnlySpan<float> Values { get; } = values;

    /// <summary>Rows as stored.</summary>
    public int Rows { get; } = rows;

    /// <summary>Columns as stored.</summary>
    public int Columns { get; } = columns;
}
