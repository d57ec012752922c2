namespace NeuralNet.Kernels;

/// <summary>
/// The plain triple loop that defines what <see cref="Gemm"/> computes: the oracle its
/// tests compare every path with. Not used on any hot path.
/// </summary>
internal static class GemmReference
{
    /// <summary>
    /// C (+)= op(A)·op(B), summed in double; the operands and their shapes mean what they mean for
    /// <see cref="Gemm"/>'s entry point of the same form.
    /// </summary>
    /// <param name="a">A, stored m×k, or k×m when <paramref name="transposeA"/> is set.</param>
    /// <param name="b">B, stored k×n, or n×k when <paramref name="transposeB"/> is set.</param>
    /// <param name="c">C, m×n row-major.</param>
    /// <param name="transposeA">Use Aᵀ.</param>
    /// <param name="transposeB">Use Bᵀ.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void Multiply(
        GemmMatrix a, GemmMatrix b, Span<float> c, bool transposeA = false, bool transposeB = false, bool accumulate = false)
    {
        (int m, int n, int k) = Gemm.Shape(a, transposeA, b, transposeB, c);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float aip = transposeA ? a.Values[(p * m) + i] : a.Values[(i * k) + p];
                    float bpj = transposeB ? b.Values[(j * k) + p] : b.Values[(p * n) + j];
                    sum += (double)aip * bpj;
                }

                c[(i * n) + j] = accumulate ? (float)(c[(i * n) + j] + sum) : (float)sum;
            }
        }
    }
}
