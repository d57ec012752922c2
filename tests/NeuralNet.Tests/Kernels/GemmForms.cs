using NeuralNet.Kernels;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// The GEMM tests run every form from data (transpose A or not, B or not): this maps a form to the
/// entry point named for it, and to the reference triple loop, with operands described as
/// op(A) m×k and op(B) k×n.
/// </summary>
internal static class GemmForms
{
    /// <summary>C (+)= op(A)·op(B) through <see cref="Gemm"/>'s entry point for the form, on <paramref name="path"/>.</summary>
    public static void Multiply(
        GemmPath path, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, (int M, int N, int K) size,
        bool transposeA = false, bool transposeB = false, bool accumulate = false)
    {
        GemmMatrix left = OperandA(a, size, transposeA);
        GemmMatrix right = OperandB(b, size, transposeB);
        Gemm.OnPath gemm = Gemm.On(path);
        switch ((transposeA, transposeB))
        {
            case (false, false):
                gemm.Multiply(left, right, c, accumulate);
                break;
            case (true, false):
                gemm.MultiplyTransposeA(left, right, c, accumulate);
                break;
            case (false, true):
                gemm.MultiplyTransposeB(left, right, c, accumulate);
                break;
            default:
                gemm.MultiplyTransposeBoth(left, right, c, accumulate);
                break;
        }
    }

    /// <summary>The same product by <see cref="GemmReference"/>.</summary>
    public static void Reference(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, (int M, int N, int K) size,
        bool transposeA = false, bool transposeB = false, bool accumulate = false) =>
        GemmReference.Multiply(
            OperandA(a, size, transposeA), OperandB(b, size, transposeB), c,
            transposeA: transposeA, transposeB: transposeB, accumulate: accumulate);

    /// <summary>A as stored: m×k, or k×m for Aᵀ.</summary>
    public static GemmMatrix OperandA(ReadOnlySpan<float> a, (int M, int N, int K) size, bool transposeA) =>
        transposeA ? new GemmMatrix(a, size.K, size.M) : new GemmMatrix(a, size.M, size.K);

    /// <summary>B as stored: k×n, or n×k for Bᵀ.</summary>
    public static GemmMatrix OperandB(ReadOnlySpan<float> b, (int M, int N, int K) size, bool transposeB) =>
        transposeB ? new GemmMatrix(b, size.N, size.K) : new GemmMatrix(b, size.K, size.N);
}
