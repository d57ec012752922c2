using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Kernels;

/// <summary>A·B for up to 64 rows of C (a sample, a small batch): B read in place, row groups streaming it, no packing.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>
    /// Up to this many rows of C, A·B runs in groups of eight rows (8 × 2 vectors of C in
    /// registers), then four (4 × 4), then single rows (1 × 8) (see <see cref="FewRows"/>),
    /// instead of the blocked path's 6-row tiles over B read in place. For one sample the 6-row
    /// micro-kernel spends five sixths of its multiply-adds on padding rows; for a small batch the
    /// groups stream B from L2 once per eight rows, each load of B serving eight rows, with no
    /// 6-row padding (32 = 5 × 6 + 2).
    /// Measured on the 784-256-128-10 MLP's prediction (`--ort`, AVX-512): one sample 22 → 12 µs,
    /// 32 samples 0.79–0.87 of the previous time (same-process medians, `--compare-predict`).
    /// </summary>
    private const int FewRowsMax = 64;

    /// <summary>
    /// The same on <see cref="Vector{T}"/> (AVX2): single rows only, up to two. With sixteen
    /// registers a four-row group holds only two vectors of C per row, two loads of B for eight
    /// multiply-adds, which measured 9 % slower than the 6-row tiles at 32 rows.
    /// </summary>
    private const int FewRowsMaxVector = 2;

    /// <summary>
    /// C[i0..i1, j0..] for A·B by groups of eight, then four rows, then single rows, as far as whole vectors reach; returns the first column
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
        int w = job.Path == GemmPath.Vector512 ? Vector512<float>.Count : Vector<float>.Count;
        int end = j0 + ((j1 - j0) / w * w);
        int i = i0;
        if (job.Path == GemmPath.Vector512)
        {
            for (; i + 8 <= i1; i += 8)
            {
                RowGroup(in job, i, 8, j0, end, w);
            }

            for (; i + 4 <= i1; i += 4)
            {
                RowGroup(in job, i, 4, j0, end, w);
            }
        }

        for (; i < i1; i++)
        {
            RowGroup(in job, i, 1, j0, end, w);
        }

        return end;
    }

    /// <summary>
    /// Rows [i, i + rows) of C over columns [j0, end), depth block by depth block: the group's kernel
    /// over whole column blocks (8 rows × 2 vectors, 4 × 4, or 1 × 8), then one vector at a time
    /// per row for the columns after the last whole block.
    /// </summary>
    private static void RowGroup(in Job job, int i, int rows, int j0, int end, int w)
    {
        bool wide = job.Path == GemmPath.Vector512;
        int block = rows switch { 8 => 2 * w, 4 => 4 * w, _ => 8 * w };
        int depthBlock = EvenBlock(job.K, Kc);
        float* aRows = job.A + ((long)i * job.K);
        float* cRows = job.C + ((long)i * job.N);
        for (int pc = 0; pc < job.K; pc += depthBlock)
        {
            int kc = Math.Min(depthBlock, job.K - pc);
            bool add = job.Accumulate || pc > 0;
            bool last = pc + kc == job.K;
            float* bias = last ? job.Bias : null;
            bool relu = last && job.Relu;
            float* a = aRows + pc;
            float* b = job.B + ((long)pc * job.N);
            int j = j0;
            for (; j + block <= end; j += block)
            {
                float* biasAt = bias == null ? null : bias + j;
                switch (rows)
                {
                    case 8:
                        Rows512x8(a, job.K, b + j, job.N, kc, cRows + j, add, biasAt, relu);
                        break;
                    case 4:
                        Rows512x4(a, job.K, b + j, job.N, kc, cRows + j, add, biasAt, relu);
                        break;
                    default:
                        if (wide)
                        {
                            Row512x8(a, b + j, job.N, kc, cRows + j, add, biasAt, relu);
                        }
                        else
                        {
                            RowVectorx8(a, b + j, job.N, kc, cRows + j, add, biasAt, relu);
                        }

                        break;
                }
            }

            for (int r = 0; r < rows; r++)
            {
                for (int jj = j; jj < end; jj += w)
                {
                    float* aRow = a + ((long)r * job.K), cAt = cRows + ((long)r * job.N) + jj, biasAt = bias == null ? null : bias + jj;
                    if (wide)
                    {
                        Row512x1(aRow, b + jj, job.N, kc, cAt, add, biasAt, relu);
                    }
                    else
                    {
                        RowVectorx1(aRow, b + jj, job.N, kc, cAt, add, biasAt, relu);
                    }
                }
            }
        }
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

    /// <summary>Four rows of C, four 512-bit vectors wide: each load of B serves four rows.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Rows512x4(float* a, int lda, float* b, int ld, int kc, float* c, bool add, float* bias, bool relu)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        float* a1 = a + lda, a2 = a + (2 * lda), a3 = a + (3 * lda);
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16), b2 = Vector512.Load(b + 32), b3 = Vector512.Load(b + 48);
            Vector512<float> ai = Vector512.Create(a[p]);
            c00 = Vector512.FusedMultiplyAdd(ai, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ai, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(ai, b2, c02);
            c03 = Vector512.FusedMultiplyAdd(ai, b3, c03);
            ai = Vector512.Create(a1[p]);
            c10 = Vector512.FusedMultiplyAdd(ai, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ai, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(ai, b2, c12);
            c13 = Vector512.FusedMultiplyAdd(ai, b3, c13);
            ai = Vector512.Create(a2[p]);
            c20 = Vector512.FusedMultiplyAdd(ai, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ai, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(ai, b2, c22);
            c23 = Vector512.FusedMultiplyAdd(ai, b3, c23);
            ai = Vector512.Create(a3[p]);
            c30 = Vector512.FusedMultiplyAdd(ai, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ai, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(ai, b2, c32);
            c33 = Vector512.FusedMultiplyAdd(ai, b3, c33);
            b += ld;
        }

        // B is k×n and C is m×n: one leading dimension for both.
        float* bias32 = bias == null ? null : bias + 32;
        Store512(c, add, c00, c01, bias, relu);
        Store512(c + 32, add, c02, c03, bias32, relu);
        c += ld;
        Store512(c, add, c10, c11, bias, relu);
        Store512(c + 32, add, c12, c13, bias32, relu);
        c += ld;
        Store512(c, add, c20, c21, bias, relu);
        Store512(c + 32, add, c22, c23, bias32, relu);
        c += ld;
        Store512(c, add, c30, c31, bias, relu);
        Store512(c + 32, add, c32, c33, bias32, relu);
    }

    /// <summary>Eight rows of C, two 512-bit vectors wide: each load of B serves eight rows.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Rows512x8(float* a, int lda, float* b, int ld, int kc, float* c, bool add, float* bias, bool relu)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16);
            float* ap = a + p;
            Vector512<float> ai = Vector512.Create(ap[0]);
            c00 = Vector512.FusedMultiplyAdd(ai, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector512.Create(ap[lda]);
            c10 = Vector512.FusedMultiplyAdd(ai, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector512.Create(ap[2 * lda]);
            c20 = Vector512.FusedMultiplyAdd(ai, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector512.Create(ap[3 * lda]);
            c30 = Vector512.FusedMultiplyAdd(ai, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector512.Create(ap[4 * lda]);
            c40 = Vector512.FusedMultiplyAdd(ai, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector512.Create(ap[5 * lda]);
            c50 = Vector512.FusedMultiplyAdd(ai, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(ai, b1, c51);
            ai = Vector512.Create(ap[6 * lda]);
            c60 = Vector512.FusedMultiplyAdd(ai, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(ai, b1, c61);
            ai = Vector512.Create(ap[7 * lda]);
            c70 = Vector512.FusedMultiplyAdd(ai, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(ai, b1, c71);
            b += ld;
        }

        Store512(c, add, c00, c01, bias, relu);
        Store512(c + ld, add, c10, c11, bias, relu);
        Store512(c + (2 * ld), add, c20, c21, bias, relu);
        Store512(c + (3 * ld), add, c30, c31, bias, relu);
        Store512(c + (4 * ld), add, c40, c41, bias, relu);
        Store512(c + (5 * ld), add, c50, c51, bias, relu);
        Store512(c + (6 * ld), add, c60, c61, bias, relu);
        Store512(c + (7 * ld), add, c70, c71, bias, relu);
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
