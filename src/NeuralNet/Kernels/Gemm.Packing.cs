using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralNet.Kernels;

/// <summary>Packing op(A) and op(B) into the contiguous slivers the micro-kernels read.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>
    /// Packs rows [ic, ic+mc) × depth [pc, pc+kc) of op(A) into MR-row slivers (sliver s holds
    /// element (r, p) at s·kc·MR + p·MR + r), zero-padded. Each loop reads its source contiguously.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void PackA(in Job job, int ic, int mc, int pc, int kc, float* dst)
    {
        for (int s = 0; s < mc; s += Mr)
        {
            int rows = Math.Min(Mr, mc - s);
            float* sliver = dst + (s * kc);
            if (job.TransposeA)
            {
                // Stored k×m: the MR values of one depth are adjacent. One 8-wide copy per depth
                // (its two extra values are overwritten by the next depth's copy, or land in the
                // buffer's slack) while the 8-wide read stays inside A.
                int p0 = 0;
                if (rows == Mr && Vector256.IsHardwareAccelerated)
                {
                    float* source = job.A + ((long)pc * job.M) + ic + s;
                    float* end = job.A + ((long)job.K * job.M) - 8;
                    for (; p0 < kc && source + ((long)p0 * job.M) <= end; p0++)
                    {
                        Vector256.Load(source + ((long)p0 * job.M)).Store(sliver + (p0 * Mr));
                    }
                }

                for (int p = p0; p < kc; p++)
                {
                    float* source = job.A + ((long)(pc + p) * job.M) + ic + s;
                    float* target = sliver + (p * Mr);
                    int r = 0;
                    for (; r < rows; r++)
                    {
                        target[r] = source[r];
                    }

                    for (; r < Mr; r++)
                    {
                        target[r] = 0f;
                    }
                }
            }
            else
            {
                // Stored m×k: walk each row along its depth, eight depths at a time transposed
                // in registers when the sliver is full.
                float* source = job.A + ((long)(ic + s) * job.K) + pc;
                int p0 = rows == Mr && Avx.IsSupported ? kc - (kc % 8) : 0;
                PackTransposed(source, job.K, Mr, p0, sliver, Mr);
                PackLines(source, job.K, rows, Mr, p0, kc, sliver);
            }
        }
    }

    /// <summary>
    /// Packs depth [pc, pc+kc) × columns [jc, jc+nc) of op(B) into NR-column slivers (sliver s holds
    /// element (p, c) at s·kc + p·NR + c), zero-padded. Each loop reads its source contiguously.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void PackB(in Job job, int pc, int kc, int jc, int nc, float* dst)
    {
        int nr = job.Nr;
        for (int s = 0; s < nc; s += nr)
        {
            int columns = Math.Min(nr, nc - s);
            float* sliver = dst + (s * kc);
            if (job.TransposeB)
            {
                // Stored n×k: walk each column of op(B) along its depth; groups of eight full
                // columns are transposed in registers, eight depths at a time.
                float* source = job.B + ((long)(jc + s) * job.K) + pc;
                int p0 = columns == nr && nr % 8 == 0 && Avx.IsSupported ? kc - (kc % 8) : 0;
                for (int g = 0; g < nr; g += 8)
                {
                    PackTransposed(source + ((long)g * job.K), job.K, 8, p0, sliver + g, nr);
                }

                PackLines(source, job.K, columns, nr, p0, kc, sliver);
            }
            else
            {
                // Stored k×n: each depth contributes NR adjacent values.
                for (int p = 0; p < kc; p++)
                {
                    float* source = job.B + ((long)(pc + p) * job.N) + jc + s;
                    float* target = sliver + (p * nr);
                    if (columns == nr)
                    {
                        Buffer.MemoryCopy(source, target, nr * sizeof(float), nr * sizeof(float));
                    }
                    else
                    {
                        int col = 0;
                        for (; col < columns; col++)
                        {
                            target[col] = source[col];
                        }

                        for (; col < nr; col++)
                        {
                            target[col] = 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Transposes <paramref name="rows"/> (6 or 8) source rows, stride <paramref name="ld"/>, over
    /// depths [0, depth), depth a multiple of 8, into a packed sliver: depth p's values land at
    /// target + p·<paramref name="stride"/>. Each 8×8 block (with two zero rows when there are six)
    /// is transposed in registers and written as eight 8-wide stores. Packing six rows of A
    /// (stride MR) the stores overlap, each later one overwriting the previous one's two padding
    /// values, and the last overhangs by two floats into the next depth or the buffer's slack;
    /// packing eight columns of a transposed B (stride NR) they sit side by side.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposed(float* source, int ld, int rows, int depth, float* target, int stride)
    {
        Vector256<float> zero = Vector256<float>.Zero;
        bool eight = rows == 8;
        for (int p = 0; p < depth; p += 8)
        {
            float* row = source + p;
            Transpose8(
                Avx.LoadVector256(row), Avx.LoadVector256(row + ld), Avx.LoadVector256(row + (2 * ld)),
                Avx.LoadVector256(row + (3 * ld)), Avx.LoadVector256(row + (4 * ld)), Avx.LoadVector256(row + (5 * ld)),
                eight ? Avx.LoadVector256(row + (6 * ld)) : zero, eight ? Avx.LoadVector256(row + (7 * ld)) : zero,
                out var o0, out var o1, out var o2, out var o3, out var o4, out var o5, out var o6, out var o7);
            float* t = target + (p * stride);
            Avx.Store(t, o0);
            Avx.Store(t + stride, o1);
            Avx.Store(t + (2 * stride), o2);
            Avx.Store(t + (3 * stride), o3);
            Avx.Store(t + (4 * stride), o4);
            Avx.Store(t + (5 * stride), o5);
            Avx.Store(t + (6 * stride), o6);
            Avx.Store(t + (7 * stride), o7);
        }
    }

    /// <summary>
    /// The scalar part of packing stored lines (rows of A, or rows of a stored-transposed B) into a
    /// sliver <paramref name="width"/> wide: depths [p0, kc) of the first <paramref name="lines"/>
    /// lines (stride <paramref name="ld"/>) go to their column of the sliver, and the columns past
    /// them are zero. What <see cref="PackTransposed"/> leaves, or everything when it did nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void PackLines(float* source, int ld, int lines, int width, int p0, int kc, float* sliver)
    {
        for (int line = 0; line < width; line++)
        {
            float* from = source + ((long)line * ld);
            if (line < lines)
            {
                for (int p = p0; p < kc; p++)
                {
                    sliver[(p * width) + line] = from[p];
                }
            }
            else
            {
                for (int p = p0; p < kc; p++)
                {
                    sliver[(p * width) + line] = 0f;
                }
            }
        }
    }

    /// <summary>Transposes an 8×8 block held in eight rows: output j holds element j of every row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7,
        out Vector256<float> o0, out Vector256<float> o1, out Vector256<float> o2, out Vector256<float> o3,
        out Vector256<float> o4, out Vector256<float> o5, out Vector256<float> o6, out Vector256<float> o7)
    {
        // Interleave pairs of rows, then pairs of pairs within each 128-bit lane, then swap lanes.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        o0 = Avx.Permute2x128(u0, u4, 0x20);
        o1 = Avx.Permute2x128(u1, u5, 0x20);
        o2 = Avx.Permute2x128(u2, u6, 0x20);
        o3 = Avx.Permute2x128(u3, u7, 0x20);
        o4 = Avx.Permute2x128(u0, u4, 0x31);
        o5 = Avx.Permute2x128(u1, u5, 0x31);
        o6 = Avx.Permute2x128(u2, u6, 0x31);
        o7 = Avx.Permute2x128(u3, u7, 0x31);
    }
}
