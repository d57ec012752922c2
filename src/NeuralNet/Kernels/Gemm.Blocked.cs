using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Kernels;

/// <summary>The blocking constants and the loop nest that packs panels and calls the micro-kernel on each tile.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>Rows of the register tile.</summary>
    internal const int Mr = 6;

    /// <summary>Depth of a packed block (the k extent that stays in L1 per sliver).</summary>
    internal const int Kc = 256;

    /// <summary>Rows of A packed at a time (fits in L2 with the B sliver in L1).</summary>
    internal const int Mc = 16 * Mr;

    /// <summary>Columns of B packed at a time.</summary>
    internal const int Nc = 2048;

    /// <summary>Up to this many rows of C, B (not transposed) is read in place rather than packed.</summary>
    private const int DirectBMaxRows = 64;

    /// <summary>
    /// Up to this many rows of C, A·Bᵀ runs as row dot products (see <see cref="RowDots"/>). Above
    /// it, packing Bᵀ (an 8×8 transpose in registers) pays for itself: at 16–64 rows the packed
    /// product was 1.2–1.6× faster, at 1–8 rows the dot products 1.5–3× (same-process A/B, one thread).
    /// </summary>
    private const int DotMaxRows = 8;

    /// <summary>The widest tile any path uses (the scratch tile's width).</summary>
    private const int MaxNr = 32;

    /// <summary>Floats in a 64-byte cache line.</summary>
    private const int LineFloats = 16;

    /// <summary>Extra floats at the end of each packing buffer, for 8-wide stores that overhang the last sliver.</summary>
    private const int PackSlack = 8;

    [ThreadStatic] private static float[]? t_packA;
    [ThreadStatic] private static float[]? t_packB;
    [ThreadStatic] private static float[]? t_scratch;

    /// <summary>Columns of the register tile of a path.</summary>
    internal static int NrOf(GemmPath path) => path switch
    {
        GemmPath.Vector512 => 2 * Vector512<float>.Count,
        GemmPath.VectorT => 2 * Vector<float>.Count,
        _ => 8,
    };

    /// <summary>The loop nest over rows [i0, i1) and columns [j0, j1) of C.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Compute(in Job job, int i0, int i1, int j0, int j1)
    {
        if (job.RowDots)
        {
            RowDots(in job, i0, i1, j0, j1);
            ApplyEpilogue(job.C, job.N, i0, i1, j0, j1, job.Bias, job.Relu);
            return;
        }

        if (job.Narrow)
        {
            // Twelve rows at a time; the few rows left at the bottom go the blocked way.
            i0 = NarrowColumns(in job, i0, i1, j0, j1);
            if (i0 == i1)
            {
                return;
            }
        }
        else if (job.FewRows)
        {
            // Whole vectors row by row; the few columns left at the right edge go the blocked way.
            j0 = FewRows(in job, i0, i1, j0, j1);
            if (j0 == j1)
            {
                return;
            }
        }

        // Pinned, so that the cache-line alignment taken below holds for the buffer's lifetime:
        // a vector load that straddles two lines costs two.
        float[] packA = t_packA ??= GC.AllocateUninitializedArray<float>((Mc * Kc) + PackSlack + LineFloats, pinned: true);
        float[] packB = t_packB ??= GC.AllocateUninitializedArray<float>((Nc * Kc) + PackSlack + LineFloats, pinned: true);
        float[] scratchTile = t_scratch ??= new float[Mr * MaxNr];
        int nrStep = job.Nr;
        fixed (float* rawA = packA, rawB = packB, scratch = scratchTile)
        {
            float* bufA = AlignToLine(rawA);
            float* bufB = AlignToLine(rawB);
            for (int jc = j0; jc < j1; jc += Nc)
            {
                int nc = Math.Min(Nc, j1 - jc);
                // Depth blocks of equal size (784 = 4 × 196, not 3 × 256 + 16): a thin last block
                // would pay a full load and store of C for a few multiply-adds. The split depends
                // only on k, never on the thread count, so results stay bit-identical.
                int depthBlock = EvenBlock(job.K, Kc);
                for (int pc = 0; pc < job.K; pc += depthBlock)
                {
                    int kc = Math.Min(depthBlock, job.K - pc);
                    bool add = job.Accumulate || pc > 0;
                    // The bias and ReLU go on in the last depth block, when C is complete.
                    bool last = pc + kc == job.K;
                    float* bias = last && job.Bias != null ? job.Bias + jc : null;
                    bool relu = last && job.Relu;
                    // With few rows of C (a small batch), packing B costs as much as using it:
                    // B stored k×n already holds each NR-wide sliver as a strided panel, so the
                    // micro-kernel reads it in place and only a partial last sliver is packed, to
                    // pad it with zeros. With many rows the packed copy wins: it is reused by
                    // every row tile, and a strided panel whose stride is a large power of two
                    // keeps evicting itself from L1. Bᵀ is always packed.
                    int fullColumns = job.TransposeB || i1 - i0 > DirectBMaxRows ? 0 : nc - (nc % nrStep);
                    if (fullColumns < nc)
                    {
                        PackB(in job, pc, kc, jc + fullColumns, nc - fullColumns, bufB + ((long)fullColumns * kc));
                    }

                    for (int ic = i0; ic < i1; ic += Mc)
                    {
                        int mc = Math.Min(Mc, i1 - ic);
                        PackA(in job, ic, mc, pc, kc, bufA);
                        for (int jr = 0; jr < nc; jr += nrStep)
                        {
                            int nr = Math.Min(nrStep, nc - jr);
                            bool direct = jr < fullColumns;
                            float* sliver = direct ? job.B + ((long)pc * job.N) + jc + jr : bufB + ((long)jr * kc);
                            int ldb = direct ? job.N : nrStep;
                            float* tileBias = bias == null ? null : bias + jr;
                            for (int ir = 0; ir < mc; ir += Mr)
                            {
                                int mr = Math.Min(Mr, mc - ir);
                                float* a = bufA + (ir * kc);
                                float* tile = job.C + ((long)(ic + ir) * job.N) + jc + jr;
                                // Each micro-kernel is a method of its own (never inlined), called
                                // once per tile: a call costs nothing beside its kc-deep loop.
                                switch (job.Path)
                                {
                                    case GemmPath.Vector512:
                                        Kernel512(a, sliver, ldb, kc, tile, job.N, mr, nr, add, tileBias, relu, scratch);
                                        break;
                                    case GemmPath.VectorT:
                                        KernelVector(a, sliver, ldb, kc, tile, job.N, mr, nr, add, tileBias, relu, scratch);
                                        break;
                                    default:
                                        KernelScalar(a, sliver, ldb, kc, tile, job.N, mr, nr, add, tileBias, relu, scratch);
                                        break;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The block size that splits <paramref name="length"/> into the fewest blocks of at most <paramref name="limit"/>, all (nearly) equal.</summary>
    private static int EvenBlock(int length, int limit)
    {
        int blocks = (length + limit - 1) / limit;
        return (length + blocks - 1) / blocks;
    }

    /// <summary>The first cache-line boundary at or after <paramref name="p"/>.</summary>
    private static float* AlignToLine(float* p) => (float*)(((nint)p + 63) & ~(nint)63);
}
