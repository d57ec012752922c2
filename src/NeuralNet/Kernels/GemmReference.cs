namespace NeuralNet.Kernels;

/// <summary>
/// The plain triple loop that defines what <see cref="Gemm"/> computes: the oracle its
/// tests compare every path with. Not used on any hot path.
/// </summary>
internal static class GemmReference
{
    /// <summary>C (+)= op(A)·op(B); the arguments mean what they mean for <see cref="Gemm"/>.</summary>
    public static void Multiply(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate)
    {
        Gemm.CheckArguments(a.Length, b.Length, c.Length, m, n, k);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float aip = transposeA ? a[(p * m) + i] : a[(i * k) + p];
                    float bpj = transposeB ? b[(j * k) + p] : b[(p * n) + j];
                    sum += (double)aip * bpj;
                }

                c[(i * n) + j] = accumulate ? (float)(c[(i * n) + j] + sum) : (float)sum;
            }
        }
    }
}
