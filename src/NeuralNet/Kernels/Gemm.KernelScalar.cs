using System.Runtime.CompilerServices;

namespace NeuralNet.Kernels;

/// <summary>The micro-kernel on plain floats.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>The same tile with plain floats, for machines (or runs) without SIMD.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void KernelScalar(float* a, float* b, int ldb, int kc, float* c, int ldc, int mr, int nr, bool add, float* bias, bool relu, float* scratch)
    {
        const int width = 8;
        float* acc = scratch;
        new Span<float>(acc, Mr * width).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < Mr; r++)
            {
                float ar = a[r];
                for (int col = 0; col < width; col++)
                {
                    acc[(r * width) + col] = MathF.FusedMultiplyAdd(ar, b[col], acc[(r * width) + col]);
                }
            }

            a += Mr;
            b += ldb;
        }

        CopyTile(acc, width, c, ldc, mr, nr, add, bias, relu);
    }
}
