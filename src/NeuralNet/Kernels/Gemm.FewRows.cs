using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Kernels;

/// <summary>A·B for one or two rows of C (a single sample, a pair): each row of C streams B once, with no packing.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>
    /// Up to this many rows of C, A·B runs row by row (see <see cref="FewRows"/>). The 6-row
    /// micro-kernel would spend five sixths of its multiply-adds on padding rows for one sample;
    /// here a row keeps eight vectors of C in registers while it streams B, so a single-sample
    /// prediction costs one pass over the weights. From three rows on, reading B once per row
    /// costs more than the padding.
    /// </summary>
    private const int FewRowsMax = 2;

    /// <summary>
    /// C[i0..i1, j0..] for A·B row by row, as far as whole vectors reach; returns the first column
    /// it left to the blocked path (fewer than a vector's width of columns at the right edge).
    /// </summary>
    /// <remarks>
    /// Each element is computed by the same sequence as the blocked path's: per depth block
    /// (<see cref="EvenBlock"/> of k, as there) an accumulator from zero takes one multiply-add per
    /// depth in order, and is then added to C (+ C when accumulating or after the first block;
    /// + bias and the ReLU after the last). The bits are therefore the same whichever path runs.
    /// </remarks>
    private static int FewRows(in Job job, int i0, int i1, int j0, int j1)
    {
        bool wide = job.Path == GemmPath.Vector512;
        int w = wide ? Vector512<float>.Count : Vector<float>.Count;
        int end = j0 + ((j1 - j0) / w * w);
        int depthBlock = EvenBlock(job.K, Kc);
        for (int i = i0; i < i1; i++)
        {
            float* aRow = job.A + ((long)i * job.K);
            float* cRow = job.C + ((long)i * job.N);
            for (int pc = 0; pc < job.K; pc += depthBlock)
            {
                int kc = Math.Min(depthBlock, job.K - pc);
                bool add = job.Accumulate || pc > 0;
                bool last = pc + kc == job.K;
                float* bias = last ? job.Bias : null;
                bool relu = last && job.Relu;
                float* b = job.B + ((long)pc * job.N);
                int j = j0;
                for (; j + (8 * w) <= end; j += 8 * w)
                {
                    if (wide)
                    {
                        Row512x8(aRow + pc, b + j, job.N, kc, cRow + j, add, bias == null ? null : bias + j, relu);
                    }
                    else
                    {
                        RowVectorx8(aRow + pc, b + j, job.N, kc, cRow + j, add, bias == null ? null : bias + j, relu);
                    }
                }

                for (; j < end; j += w)
                {
                    if (wide)
                    {
                        Row512x1(aRow + pc, b + j, job.N, kc, cRow + j, add, bias == null ? null : bias + j, relu);
                    }
                    else
                    {
                        RowVectorx1(aRow + pc, b + j, job.N, kc, cRow + j, add, bias == null ? null : bias + j, relu);
                    }
                }
            }
        }

        return end;
    }

    /// <summary>One row of C, eight 512-bit vectors wide: eight independent multiply-add chains hide the FMA latency.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Row512x8(float* a, float* b, int ldb, int kc, float* c, bool add, float* bias, bool relu)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> ai = Vector512.Create(a[p]);
            c0 = Vector512.FusedMultiplyAdd(ai, Vector512.Load(b), c0);
            c1 = Vector512.FusedMultiplyAdd(ai, Vector512.Load(b + 16), c1);
            c2 = Vector512.FusedMultiplyAdd(ai, Vector512.Load(b + 32), c2);
            c3 = Vector512.FusedMultiplyAdd(ai, Vector512.Load(b + 48), c3);
            c4 = Vector512.FusedMultiplyAdd(ai, Vector512.Load(b + 64), c4);
            c5 = Vector512.FusedMultiplyAdd(ai, Vector512.Load(b + 80), c5);
            c6 = Vector512.FusedMultiplyAdd(ai, Vector512.Load(b + 96), c6);
            c7 = Vector512.FusedMultiplyAdd(ai, Vector512.Load(b + 112), c7);
            b += ldb;
        }

        Store512(c, add, c0, c1, bias, relu);
        Store512(c + 32, add, c2, c3, bias == null ? null : bias + 32, relu);
        Store512(c + 64, add, c4, c5, bias == null ? null : bias + 64, relu);
        Store512(c + 96, add, c6, c7, bias == null ? null : bias + 96, relu);
    }

    /// <summary>One 512-bit vector of one row of C (the columns left after the eight-wide blocks).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Row512x1(float* a, float* b, int ldb, int kc, float* c, bool add, float* bias, bool relu)
    {
        Vector512<float> c0 = default;
        for (int p = 0; p < kc; p++)
        {
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[p]), Vector512.Load(b), c0);
            b += ldb;
        }

        if (add)
        {
            c0 += Vector512.Load(c);
        }

        if (bias != null)
        {
            c0 += Vector512.Load(bias);
        }

        if (relu)
        {
            c0 = Vector512.Max(c0, Vector512<float>.Zero);
        }

        c0.Store(c);
    }

    /// <summary>One row of C, eight <see cref="Vector{T}"/> wide, with the blocked path's multiply-add.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RowVectorx8(float* a, float* b, int ldb, int kc, float* c, bool add, float* bias, bool relu)
    {
        int w = Vector<float>.Count;
        Vector<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        for (int p = 0; p < kc; p++)
        {
            var ai = new Vector<float>(a[p]);
            c0 = Vector.MultiplyAddEstimate(ai, Unsafe.Read<Vector<float>>(b), c0);
            c1 = Vector.MultiplyAddEstimate(ai, Unsafe.Read<Vector<float>>(b + w), c1);
            c2 = Vector.MultiplyAddEstimate(ai, Unsafe.Read<Vector<float>>(b + (2 * w)), c2);
            c3 = Vector.MultiplyAddEstimate(ai, Unsafe.Read<Vector<float>>(b + (3 * w)), c3);
            c4 = Vector.MultiplyAddEstimate(ai, Unsafe.Read<Vector<float>>(b + (4 * w)), c4);
            c5 = Vector.MultiplyAddEstimate(ai, Unsafe.Read<Vector<float>>(b + (5 * w)), c5);
            c6 = Vector.MultiplyAddEstimate(ai, Unsafe.Read<Vector<float>>(b + (6 * w)), c6);
            c7 = Vector.MultiplyAddEstimate(ai, Unsafe.Read<Vector<float>>(b + (7 * w)), c7);
            b += ldb;
        }

        StoreVector(c, w, add, c0, c1, bias, relu);
        StoreVector(c + (2 * w), w, add, c2, c3, bias == null ? null : bias + (2 * w), relu);
        StoreVector(c + (4 * w), w, add, c4, c5, bias == null ? null : bias + (4 * w), relu);
        StoreVector(c + (6 * w), w, add, c6, c7, bias == null ? null : bias + (6 * w), relu);
    }

    /// <summary>One <see cref="Vector{T}"/> of one row of C.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RowVectorx1(float* a, float* b, int ldb, int kc, float* c, bool add, float* bias, bool relu)
    {
        Vector<float> c0 = default;
        for (int p = 0; p < kc; p++)
        {
            c0 = Vector.MultiplyAddEstimate(new Vector<float>(a[p]), Unsafe.Read<Vector<float>>(b), c0);
            b += ldb;
        }

        if (add)
        {
            c0 += Unsafe.Read<Vector<float>>(c);
        }

        if (bias != null)
        {
            c0 += Unsafe.Read<Vector<float>>(bias);
        }

        if (relu)
        {
            c0 = Vector.Max(c0, Vector<float>.Zero);
        }

        Unsafe.Write(c, c0);
    }
}
