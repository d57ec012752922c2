using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Kernels;

/// <summary>A·B with fewer columns than one 512-bit vector (an output layer of 10 classes): one vector per row of C, twelve rows at a time.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>
    /// A·B with at most this many columns (and at least <see cref="NarrowRows"/> rows) runs one
    /// vector per row of C (see <see cref="NarrowColumns"/>). The blocked path's 6 × 32 tile holds 10
    /// useful columns of an output layer: two thirds of its multiply-adds were padding, against
    /// a third here (10 of 16 lanes).
    /// </summary>
    private const int NarrowMaxColumns = 15;

    private const int NarrowRows = 12;

    [ThreadStatic] private static float[]? t_narrowB;

    /// <summary>
    /// C[i0.., j0..j1] for A·B, twelve rows at a time, over a copy of B's columns padded to 16 (so
    /// that every load of a row of B is a whole vector inside the copy); returns the first row it
    /// left to the blocked path (fewer than twelve at the bottom).
    /// </summary>
    /// <remarks>
    /// Each element takes the blocked path's sequence: per depth block an accumulator from zero, one
    /// fused multiply-add per depth in order, then + C (when accumulating or after the first
    /// block) and, after the last, + bias and the ReLU. The bits are the same whichever path runs.
    /// </remarks>
    private static int NarrowColumns(in Job job, int i0, int i1, int j0, int j1)
    {
        int n = j1 - j0;
        const int Lanes = 16;
        float[] padded = t_narrowB is { } held && held.Length >= job.K * Lanes ? held : (t_narrowB = GC.AllocateUninitializedArray<float>(job.K * Lanes));
        int depthBlock = EvenBlock(job.K, Kc);
        float* tile = stackalloc float[NarrowRows * Lanes];
        fixed (float* b = padded)
        {
            for (int p = 0; p < job.K; p++)
            {
                float* row = b + (p * Lanes);
                new Span<float>(job.B + ((long)p * job.N) + j0, n).CopyTo(new Span<float>(row, n));
                new Span<float>(row + n, Lanes - n).Clear();
            }

            int i = i0;
            for (; i + NarrowRows <= i1; i += NarrowRows)
            {
                float* cRows = job.C + ((long)i * job.N) + j0;
                for (int pc = 0; pc < job.K; pc += depthBlock)
                {
                    int kc = Math.Min(depthBlock, job.K - pc);
                    bool add = job.Accumulate || pc > 0;
                    bool last = pc + kc == job.K;
                    NarrowKernel(job.A + ((long)i * job.K) + pc, job.K, b + (pc * Lanes), kc, tile);
                    float* bias = last && job.Bias != null ? job.Bias + j0 : null;
                    bool relu = last && job.Relu;
                    for (int r = 0; r < NarrowRows; r++)
                    {
                        float* row = cRows + ((long)r * job.N);
                        for (int col = 0; col < n; col++)
                        {
                            float value = tile[(r * Lanes) + col];
                            row[col] = Finish(add ? row[col] + value : value, bias, col, relu);
                        }
                    }
                }
            }

            return i;
        }
    }

    /// <summary>Twelve rows of C, one 512-bit vector each, over one depth block of B padded to 16 columns; the accumulators go to <paramref name="tile"/>, 16 floats per row.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void NarrowKernel(float* a, int lda, float* b, int kc, float* tile)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> bp = Vector512.Load(b);
            float* ap = a + p;
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[0]), bp, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[lda]), bp, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[2 * lda]), bp, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[3 * lda]), bp, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[4 * lda]), bp, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[5 * lda]), bp, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[6 * lda]), bp, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[7 * lda]), bp, c7);
            c8 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[8 * lda]), bp, c8);
            c9 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[9 * lda]), bp, c9);
            c10 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[10 * lda]), bp, c10);
            c11 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[11 * lda]), bp, c11);
            b += 16;
        }

        c0.Store(tile);
        c1.Store(tile + 16);
        c2.Store(tile + 32);
        c3.Store(tile + 48);
        c4.Store(tile + 64);
        c5.Store(tile + 80);
        c6.Store(tile + 96);
        c7.Store(tile + 112);
        c8.Store(tile + 128);
        c9.Store(tile + 144);
        c10.Store(tile + 160);
        c11.Store(tile + 176);
    }
}
