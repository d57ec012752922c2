using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NeuralNet.Kernels;

/// <summary>What happens to a tile of C around the depth loop: prefetching it, adding the old C, the bias and the ReLU.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>
    /// Adds the bias to rows [i0, i1) × columns [j0, j1) of C and applies the ReLU, for the paths
    /// whose tiles do not (row dot products, an empty depth). The same operations in the same
    /// order as the tiles' epilogue.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ApplyEpilogue(float* c, int ldc, int i0, int i1, int j0, int j1, float* bias, bool relu)
    {
        if (bias == null && !relu)
        {
            return;
        }

        for (int i = i0; i < i1; i++)
        {
            float* row = c + ((long)i * ldc);
            for (int j = j0; j < j1; j++)
            {
                row[j] = Finish(row[j], bias, j, relu);
            }
        }
    }

    /// <summary>One element's epilogue: + bias, then the ReLU as IEEE maximum(x, +0), like the vector form: −0 becomes +0, NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Finish(float value, float* bias, int column, bool relu)
    {
        if (bias != null)
        {
            value += bias[column];
        }

        return relu && value <= 0f ? 0f : value;
    }

    /// <summary>
    /// Asks for the C tile's rows (first and last element of each) to be brought into L1 while the
    /// depth loop runs. Without it the loads and stores of C after the loop wait on cache misses:
    /// the rows lie a whole row of C apart, often a power-of-two stride that also keeps them from
    /// staying cached. Measured +10–30 % on 512–1024 square products on one thread. A hint only:
    /// an edge tile's prefetch past the last row or column of C touches nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchTile(float* c, int ldc, int width)
    {
        if (Sse.IsSupported)
        {
            for (int r = 0; r < Mr; r++)
            {
                Sse.Prefetch0(c);
                Sse.Prefetch0(c + width - 1);
                c += ldc;
            }
        }
    }

    /// <summary>Writes the used mr×nr corner of a computed tile into C (edge tiles and the scalar path).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void CopyTile(float* tile, int ldt, float* c, int ldc, int mr, int nr, bool add, float* bias, bool relu)
    {
        for (int r = 0; r < mr; r++)
        {
            for (int col = 0; col < nr; col++)
            {
                float value = tile[(r * ldt) + col];
                value = add ? c[(r * ldc) + col] + value : value;
                c[(r * ldc) + col] = Finish(value, bias, col, relu);
            }
        }
    }
}
