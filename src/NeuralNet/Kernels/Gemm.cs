using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralNet.Kernels;

/// <summary>
/// Single-precision matrix product C (+)= op(A)·op(B) on row-major spans, in the three forms
/// backpropagation needs — A·B (forward), Aᵀ·B (weight gradient), A·Bᵀ (input gradient) —
/// without ever materialising a transposed copy.
/// </summary>
/// <remarks>
/// <para>
/// Built the way BLAS libraries build it: the loops are blocked so that a KC×NC panel of B and an
/// MC×KC block of A are packed into contiguous slivers (this is also where a transposed operand
/// is read in its stored order), and a register-tiled micro-kernel computes an MR×NR tile of C
/// from them with fused multiply-adds. The micro-kernel has a <see cref="Vector512{T}"/> form, a
/// <see cref="Vector{T}"/> form (AVX2 or SSE) and a scalar form; <see cref="GemmReference"/> is
/// the plain triple loop the tests compare them all with.
/// </para>
/// <para>
/// The loops are marked <see cref="MethodImplOptions.AggressiveOptimization"/>: compiled fully
/// optimised at their first call instead of waiting for tiered compilation. On two cores kept
/// busy by a high-priority caller and a spinning kernel worker (BenchmarkDotNet's setup), the
/// background thread that recompiles hot methods starved, and two-thread products ran unoptimised
/// code at 7–30 GFLOP/s for whole runs.
/// </para>
/// <para>
/// Determinism: every element of C is the sum over k in the same order — KC-blocks in turn, and
/// within a block p = 0, 1, … — whatever the thread count, because threads only split the rows or
/// the columns of C, never k.
/// </para>
/// </remarks>
internal static unsafe class Gemm
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

    /// <summary>Products with fewer multiply-adds than this run on one thread: waking a worker costs more.</summary>
    private const long ParallelThreshold = 1L << 18;

    /// <summary>Which micro-kernel this process uses, fixed at start-up from the hardware.</summary>
    internal static readonly GemmPath Path =
        Vector512.IsHardwareAccelerated && Vector<float>.Count < Vector512<float>.Count ? GemmPath.Vector512
        : Vector.IsHardwareAccelerated ? GemmPath.VectorT
        : GemmPath.Scalar;

    /// <summary>Columns of the register tile of this process's path: two vectors wide.</summary>
    internal static readonly int Nr = NrOf(Path);

    /// <summary>The widest tile any path uses (the scratch tile's width).</summary>
    private const int MaxNr = 32;

    /// <summary>Columns of the register tile of a path.</summary>
    internal static int NrOf(GemmPath path) => path switch
    {
        GemmPath.Vector512 => 2 * Vector512<float>.Count,
        GemmPath.VectorT => 2 * Vector<float>.Count,
        _ => 8,
    };

    [ThreadStatic] private static float[]? t_packA;
    [ThreadStatic] private static float[]? t_packB;
    [ThreadStatic] private static float[]? t_scratch;
    [ThreadStatic] private static ParallelGemm? t_parallel;

    /// <summary>
    /// Computes C = op(A)·op(B), or C += op(A)·op(B) when <paramref name="accumulate"/> is set,
    /// where op(A) is m×k and op(B) is k×n.
    /// </summary>
    /// <param name="a">A stored row-major as m×k, or as k×m when <paramref name="transposeA"/> is set.</param>
    /// <param name="transposeA">Use Aᵀ: A is stored k×m.</param>
    /// <param name="b">B stored row-major as k×n, or as n×k when <paramref name="transposeB"/> is set.</param>
    /// <param name="transposeB">Use Bᵀ: B is stored n×k.</param>
    /// <param name="c">C, m×n row-major.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The shared dimension.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void Multiply(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate) =>
        Multiply(a, transposeA, b, transposeB, c, m, n, k, accumulate, default, relu: false, Path);

    /// <summary>
    /// C = op(A)·op(B) + bias (or C += …), then max(0, ·) when <paramref name="relu"/> is set: a dense
    /// layer's forward pass with its bias and a following ReLU applied to each tile of C while it
    /// is still in registers, instead of two more passes over C. Bit for bit the same as the
    /// product, then adding the bias to each row, then the ReLU.
    /// </summary>
    /// <param name="a">A stored row-major as m×k, or as k×m when <paramref name="transposeA"/> is set.</param>
    /// <param name="transposeA">Use Aᵀ: A is stored k×m.</param>
    /// <param name="b">B stored row-major as k×n, or as n×k when <paramref name="transposeB"/> is set.</param>
    /// <param name="transposeB">Use Bᵀ: B is stored n×k.</param>
    /// <param name="c">C, m×n row-major.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The shared dimension.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="bias">n values added to every row of C, or empty for none.</param>
    /// <param name="relu">Replace each negative element of the result by zero.</param>
    public static void Multiply(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate, ReadOnlySpan<float> bias, bool relu) =>
        Multiply(a, transposeA, b, transposeB, c, m, n, k, accumulate, bias, relu, Path);

    /// <summary>
    /// <see cref="Multiply(ReadOnlySpan{float}, bool, ReadOnlySpan{float}, bool, Span{float}, int, int, int, bool)"/>
    /// on a chosen micro-kernel, so that tests can exercise every path on any machine (a
    /// <see cref="Vector512{T}"/> kernel still computes correctly, if slowly, without AVX-512).
    /// </summary>
    internal static void Multiply(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate, GemmPath path) =>
        Multiply(a, transposeA, b, transposeB, c, m, n, k, accumulate, default, relu: false, path);

    /// <summary>The bias-and-ReLU form on a chosen micro-kernel (for tests, as above).</summary>
    internal static void Multiply(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate, ReadOnlySpan<float> bias, bool relu, GemmPath path)
    {
        CheckArguments(a.Length, b.Length, c.Length, m, n, k);
        if (!bias.IsEmpty && bias.Length != n)
        {
            throw new ArgumentException($"The bias has {bias.Length} elements; C has {n} columns.", nameof(bias));
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
        {
            if (k == 0)
            {
                if (!accumulate)
                {
                    c[..(m * n)].Clear();
                }

                ApplyEpilogue(pc, n, 0, m, 0, n, pbias, relu);
                return;
            }

            var job = new Job(pa, transposeA, pb, transposeB, pc, m, n, k, accumulate, pbias, relu, path);
            int threads = Parallelism.MaxDegreeOfParallelism;
            if (threads > 1 && (long)m * n * k >= ParallelThreshold)
            {
                ParallelGemm work = t_parallel ??= new ParallelGemm();
                work.Job = job;
                int parts = work.Prepare(threads);
                KernelThreadPool.Run(work, parts);
            }
            else
            {
                Compute(in job, 0, m, 0, n);
            }
        }
    }

    internal static void CheckArguments(int aLength, int bLength, int cLength, int m, int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (aLength < (long)m * k)
        {
            throw new ArgumentException($"A has {aLength} elements; {m}×{k} needs {(long)m * k}.", nameof(aLength));
        }

        if (bLength < (long)k * n)
        {
            throw new ArgumentException($"B has {bLength} elements; {k}×{n} needs {(long)k * n}.", nameof(bLength));
        }

        if (cLength < (long)m * n)
        {
            throw new ArgumentException($"C has {cLength} elements; {m}×{n} needs {(long)m * n}.", nameof(cLength));
        }
    }

    /// <summary>The operands of one product, as raw pointers so that worker threads can share them.</summary>
    private readonly struct Job(
        float* a, bool transposeA, float* b, bool transposeB, float* c, int m, int n, int k, bool accumulate, float* bias, bool relu, GemmPath path)
    {
        public readonly GemmPath Path = path;
        public readonly int Nr = NrOf(path);
        public readonly float* A = a;
        public readonly float* B = b;
        public readonly float* C = c;
        public readonly bool TransposeA = transposeA;
        public readonly bool TransposeB = transposeB;
        public readonly int M = m;
        public readonly int N = n;
        public readonly int K = k;
        public readonly bool Accumulate = accumulate;

        /// <summary>n values to add to each row of the finished C, or null.</summary>
        public readonly float* Bias = bias;

        /// <summary>Apply max(0, ·) to the finished C.</summary>
        public readonly bool Relu = relu;

        /// <summary>
        /// A·Bᵀ with very few rows (one sample, a tiny batch) runs as dot products of rows:
        /// both operands are contiguous along k, so nothing needs packing. Decided from the whole
        /// product's shape, never from a thread's share, so the arithmetic is the same on any thread count.
        /// </summary>
        public readonly bool RowDots = transposeB && !transposeA && m <= DotMaxRows && path != GemmPath.Vector512;
    }

    /// <summary>Splits C into contiguous bands of whole tiles — by columns when it has more column tiles, else by rows.</summary>
    private sealed class ParallelGemm : IParallelWork
    {
        public Job Job;
        private bool _byColumns;
        private int _tilesPerPart;

        public int Prepare(int threads)
        {
            int rowTiles = (Job.M + Mr - 1) / Mr;
            int columnTiles = (Job.N + Job.Nr - 1) / Job.Nr;
            _byColumns = columnTiles >= rowTiles;
            int tiles = _byColumns ? columnTiles : rowTiles;
            int parts = Math.Min(threads, tiles);
            _tilesPerPart = (tiles + parts - 1) / parts;
            return (tiles + _tilesPerPart - 1) / _tilesPerPart;
        }

        public void Execute(int part, int partCount)
        {
            if (_byColumns)
            {
                int start = part * _tilesPerPart * Job.Nr;
                Compute(in Job, 0, Job.M, start, Math.Min(Job.N, start + (_tilesPerPart * Job.Nr)));
            }
            else
            {
                int start = part * _tilesPerPart * Mr;
                Compute(in Job, start, Math.Min(Job.M, start + (_tilesPerPart * Mr)), 0, Job.N);
            }
        }
    }

    /// <summary>The blocked loop nest over rows [i0, i1) and columns [j0, j1) of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compute(in Job job, int i0, int i1, int j0, int j1)
    {
        if (job.RowDots)
        {
            RowDots(in job, i0, i1, j0, j1);
            ApplyEpilogue(job.C, job.N, i0, i1, j0, j1, job.Bias, job.Relu);
            return;
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
                            for (int ir = 0; ir < mc; ir += Mr)
                            {
                                int mr = Math.Min(Mr, mc - ir);
                                float* tile = job.C + ((long)(ic + ir) * job.N) + jc + jr;
                                MicroKernel(job.Path, bufA + (ir * kc), sliver, ldb, kc, tile, job.N, mr, nr, add, bias == null ? null : bias + jr, relu, scratch);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// C[i, j] (+)= ⟨row i of A, row j of B⟩ over rows [i0, i1) and columns [j0, j1), for A·Bᵀ with
    /// both operands stored row-major along k. Tiles of 2 rows × 4 columns keep eight vector
    /// accumulators; every element, in a full tile or at an edge, is computed by the same
    /// sequence — vector multiply-adds over k in order, the vector's lane sum, then the scalar
    /// remainder in order — so any split of C gives the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowDots(in Job job, int i0, int i1, int j0, int j1)
    {
        int k = job.K;
        int w = job.Path == GemmPath.VectorT ? Vector<float>.Count : 0;
        int vectorEnd = w == 0 ? 0 : k - (k % w);
        int i = i0;
        for (; i + 2 <= i1; i += 2)
        {
            float* a0 = job.A + ((long)i * k), a1 = a0 + k;
            int j = j0;
            for (; j + 4 <= j1; j += 4)
            {
                float* b0 = job.B + ((long)j * k), b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
                Vector<float> s00 = default, s01 = default, s02 = default, s03 = default;
                Vector<float> s10 = default, s11 = default, s12 = default, s13 = default;
                for (int p = 0; p < vectorEnd; p += w)
                {
                    Vector<float> x0 = Unsafe.Read<Vector<float>>(a0 + p), x1 = Unsafe.Read<Vector<float>>(a1 + p);
                    Vector<float> y = Unsafe.Read<Vector<float>>(b0 + p);
                    s00 = Vector.MultiplyAddEstimate(x0, y, s00);
                    s10 = Vector.MultiplyAddEstimate(x1, y, s10);
                    y = Unsafe.Read<Vector<float>>(b1 + p);
                    s01 = Vector.MultiplyAddEstimate(x0, y, s01);
                    s11 = Vector.MultiplyAddEstimate(x1, y, s11);
                    y = Unsafe.Read<Vector<float>>(b2 + p);
                    s02 = Vector.MultiplyAddEstimate(x0, y, s02);
                    s12 = Vector.MultiplyAddEstimate(x1, y, s12);
                    y = Unsafe.Read<Vector<float>>(b3 + p);
                    s03 = Vector.MultiplyAddEstimate(x0, y, s03);
                    s13 = Vector.MultiplyAddEstimate(x1, y, s13);
                }

                float* c0 = job.C + ((long)i * job.N) + j, c1 = c0 + job.N;
                StoreDot(c0, job.Accumulate, s00, a0, b0, vectorEnd, k);
                StoreDot(c0 + 1, job.Accumulate, s01, a0, b1, vectorEnd, k);
                StoreDot(c0 + 2, job.Accumulate, s02, a0, b2, vectorEnd, k);
                StoreDot(c0 + 3, job.Accumulate, s03, a0, b3, vectorEnd, k);
                StoreDot(c1, job.Accumulate, s10, a1, b0, vectorEnd, k);
                StoreDot(c1 + 1, job.Accumulate, s11, a1, b1, vectorEnd, k);
                StoreDot(c1 + 2, job.Accumulate, s12, a1, b2, vectorEnd, k);
                StoreDot(c1 + 3, job.Accumulate, s13, a1, b3, vectorEnd, k);
            }

            for (; j < j1; j++)
            {
                float* b = job.B + ((long)j * k);
                DotOne(in job, a0, b, job.C + ((long)i * job.N) + j, w, vectorEnd);
                DotOne(in job, a1, b, job.C + ((long)(i + 1) * job.N) + j, w, vectorEnd);
            }
        }

        for (; i < i1; i++)
        {
            float* a = job.A + ((long)i * k);
            for (int j = j0; j < j1; j++)
            {
                DotOne(in job, a, job.B + ((long)j * k), job.C + ((long)i * job.N) + j, w, vectorEnd);
            }
        }
    }

    /// <summary>One element of <see cref="RowDots"/> on its own (edges), by the same sequence as a tile's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotOne(in Job job, float* a, float* b, float* c, int w, int vectorEnd)
    {
        Vector<float> sum = default;
        for (int p = 0; p < vectorEnd; p += w)
        {
            sum = Vector.MultiplyAddEstimate(Unsafe.Read<Vector<float>>(a + p), Unsafe.Read<Vector<float>>(b + p), sum);
        }

        StoreDot(c, job.Accumulate, sum, a, b, vectorEnd, job.K);
    }

    /// <summary>Finishes one dot product — lane sum, then the scalar remainder in order — and writes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreDot(float* c, bool add, Vector<float> lanes, float* a, float* b, int vectorEnd, int k)
    {
        float sum = Vector.Sum(lanes);
        for (int p = vectorEnd; p < k; p++)
        {
            sum = MathF.FusedMultiplyAdd(a[p], b[p], sum);
        }

        *c = add ? *c + sum : sum;
    }

    /// <summary>
    /// Adds the bias to rows [i0, i1) × columns [j0, j1) of C and applies the ReLU, for the paths
    /// whose tiles do not (row dot products, an empty depth). The same operations in the same
    /// order as the tiles' epilogue.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>The block size that splits <paramref name="length"/> into the fewest blocks of at most <paramref name="limit"/>, all (nearly) equal.</summary>
    private static int EvenBlock(int length, int limit)
    {
        int blocks = (length + limit - 1) / limit;
        return (length + blocks - 1) / blocks;
    }

    /// <summary>
    /// Packs rows [ic, ic+mc) × depth [pc, pc+kc) of op(A) into MR-row slivers (sliver s holds
    /// element (r, p) at s·kc·MR + p·MR + r), zero-padded. Each loop reads its source contiguously.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>Floats in a 64-byte cache line.</summary>
    private const int LineFloats = 16;

    /// <summary>The first cache-line boundary at or after <paramref name="p"/>.</summary>
    private static float* AlignToLine(float* p) => (float*)(((nint)p + 63) & ~(nint)63);

    /// <summary>Extra floats at the end of each packing buffer, for 8-wide stores that overhang the last sliver.</summary>
    private const int PackSlack = 8;

    /// <summary>
    /// Transposes <paramref name="rows"/> (6 or 8) source rows, stride <paramref name="ld"/>, over
    /// depths [0, depth), depth a multiple of 8, into a packed sliver: depth p's values land at
    /// target + p·<paramref name="stride"/>. Each 8×8 block (with two zero rows when there are six)
    /// is transposed in registers and written as eight 8-wide stores. Packing six rows of A
    /// (stride MR) the stores overlap, each later one overwriting the previous one's two padding
    /// values, and the last overhangs by two floats into the next depth or the buffer's slack;
    /// packing eight columns of a transposed B (stride NR) they sit side by side.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernel(
        GemmPath path, float* a, float* b, int ldb, int kc, float* c, int ldc, int mr, int nr, bool add, float* bias, bool relu, float* scratch)
    {
        if (path == GemmPath.Vector512)
        {
            Kernel512(a, b, ldb, kc, c, ldc, mr, nr, add, bias, relu, scratch);
        }
        else if (path == GemmPath.VectorT)
        {
            KernelVector(a, b, ldb, kc, c, ldc, mr, nr, add, bias, relu, scratch);
        }
        else
        {
            KernelScalar(a, b, ldb, kc, c, ldc, mr, nr, add, bias, relu, scratch);
        }
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

    /// <summary>6×32 tile on 512-bit vectors: 12 accumulators, two B loads and six broadcasts per step of k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(float* a, float* b, int ldb, int kc, float* c, int ldc, int mr, int nr, bool add, float* bias, bool relu, float* scratch)
    {
        PrefetchTile(c, ldc, 32);
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> ai = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(ai, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(ai, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(ai, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(ai, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(ai, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(ai, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(ai, b1, c51);
            a += Mr;
            b += ldb;
        }

        // Edge tiles go through the caller's scratch tile: no stackalloc here, which would keep
        // the JIT from holding the accumulators in registers across the loop.
        float* tile = scratch;
        bool full = mr == Mr && nr == 32;
        float* dst = full ? c : tile;
        int ld = full ? ldc : 32;
        bool addHere = full && add;
        // Edge tiles take the bias and ReLU in CopyTile, after adding C.
        float* biasHere = full ? bias : null;
        bool reluHere = full && relu;
        Store512(dst, addHere, c00, c01, biasHere, reluHere);
        Store512(dst + ld, addHere, c10, c11, biasHere, reluHere);
        Store512(dst + (2 * ld), addHere, c20, c21, biasHere, reluHere);
        Store512(dst + (3 * ld), addHere, c30, c31, biasHere, reluHere);
        Store512(dst + (4 * ld), addHere, c40, c41, biasHere, reluHere);
        Store512(dst + (5 * ld), addHere, c50, c51, biasHere, reluHere);
        if (!full)
        {
            CopyTile(tile, 32, c, ldc, mr, nr, add, bias, relu);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* row, bool add, Vector512<float> v0, Vector512<float> v1, float* bias, bool relu)
    {
        if (add)
        {
            v0 += Vector512.Load(row);
            v1 += Vector512.Load(row + 16);
        }

        if (bias != null)
        {
            v0 += Vector512.Load(bias);
            v1 += Vector512.Load(bias + 16);
        }

        if (relu)
        {
            v0 = Vector512.Max(v0, Vector512<float>.Zero);
            v1 = Vector512.Max(v1, Vector512<float>.Zero);
        }

        v0.Store(row);
        v1.Store(row + 16);
    }

    /// <summary>6×(2·width) tile on <see cref="Vector{T}"/>: AVX2 (8 lanes) or SSE (4 lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelVector(float* a, float* b, int ldb, int kc, float* c, int ldc, int mr, int nr, bool add, float* bias, bool relu, float* scratch)
    {
        int w = Vector<float>.Count;
        PrefetchTile(c, ldc, 2 * w);
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        // A packed sliver (stride NR) goes four depths per trip, at constant offsets; then the
        // remainder, and B read in place, one depth at a time. The multiply-adds into each
        // accumulator stay in depth order, so the bits are those of the plain loop. B read in place
        // is not unrolled: four loads each striding four rows of B (4 KB for a 256-wide layer)
        // leave a new page at every step, where the hardware's stride prefetcher stops; one load
        // striding one row keeps it working (measured 3× slower unrolled, batch-32 forward).
        int p = 0;
        if (ldb == 2 * w)
        {
            for (; p + 4 <= kc; p += 4)
            {
                VStep(a, b, w, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
                VStep(a + Mr, b + (2 * w), w, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
                VStep(a + (2 * Mr), b + (4 * w), w, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
                VStep(a + (3 * Mr), b + (6 * w), w, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
                a += 4 * Mr;
                b += 8 * w;
            }
        }

        for (; p < kc; p++)
        {
            VStep(a, b, w, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            a += Mr;
            b += ldb;
        }

        int width = 2 * w;
        float* tile = scratch;
        bool full = mr == Mr && nr == width;
        float* dst = full ? c : tile;
        int ld = full ? ldc : width;
        bool addHere = full && add;
        float* biasHere = full ? bias : null;
        bool reluHere = full && relu;
        StoreVector(dst, w, addHere, c00, c01, biasHere, reluHere);
        StoreVector(dst + ld, w, addHere, c10, c11, biasHere, reluHere);
        StoreVector(dst + (2 * ld), w, addHere, c20, c21, biasHere, reluHere);
        StoreVector(dst + (3 * ld), w, addHere, c30, c31, biasHere, reluHere);
        StoreVector(dst + (4 * ld), w, addHere, c40, c41, biasHere, reluHere);
        StoreVector(dst + (5 * ld), w, addHere, c50, c51, biasHere, reluHere);
        if (!full)
        {
            CopyTile(tile, width, c, ldc, mr, nr, add, bias, relu);
        }
    }

    /// <summary>One depth of the 6×(2·width) tile: two B vectors, six broadcasts of A, twelve multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void VStep(float* a, float* b, int w, ref Vector<float> c00, ref Vector<float> c01, ref Vector<float> c10, ref Vector<float> c11,
        ref Vector<float> c20, ref Vector<float> c21, ref Vector<float> c30, ref Vector<float> c31,
        ref Vector<float> c40, ref Vector<float> c41, ref Vector<float> c50, ref Vector<float> c51)
    {
        Vector<float> b0 = Unsafe.Read<Vector<float>>(b);
        Vector<float> b1 = Unsafe.Read<Vector<float>>(b + w);
        var ai = new Vector<float>(a[0]);
        c00 = Vector.MultiplyAddEstimate(ai, b0, c00);
        c01 = Vector.MultiplyAddEstimate(ai, b1, c01);
        ai = new Vector<float>(a[1]);
        c10 = Vector.MultiplyAddEstimate(ai, b0, c10);
        c11 = Vector.MultiplyAddEstimate(ai, b1, c11);
        ai = new Vector<float>(a[2]);
        c20 = Vector.MultiplyAddEstimate(ai, b0, c20);
        c21 = Vector.MultiplyAddEstimate(ai, b1, c21);
        ai = new Vector<float>(a[3]);
        c30 = Vector.MultiplyAddEstimate(ai, b0, c30);
        c31 = Vector.MultiplyAddEstimate(ai, b1, c31);
        ai = new Vector<float>(a[4]);
        c40 = Vector.MultiplyAddEstimate(ai, b0, c40);
        c41 = Vector.MultiplyAddEstimate(ai, b1, c41);
        ai = new Vector<float>(a[5]);
        c50 = Vector.MultiplyAddEstimate(ai, b0, c50);
        c51 = Vector.MultiplyAddEstimate(ai, b1, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreVector(float* row, int w, bool add, Vector<float> v0, Vector<float> v1, float* bias, bool relu)
    {
        if (add)
        {
            v0 += Unsafe.Read<Vector<float>>(row);
            v1 += Unsafe.Read<Vector<float>>(row + w);
        }

        if (bias != null)
        {
            v0 += Unsafe.Read<Vector<float>>(bias);
            v1 += Unsafe.Read<Vector<float>>(bias + w);
        }

        if (relu)
        {
            v0 = Vector.Max(v0, Vector<float>.Zero);
            v1 = Vector.Max(v1, Vector<float>.Zero);
        }

        Unsafe.Write(row, v0);
        Unsafe.Write(row + w, v1);
    }

    /// <summary>The same tile with plain floats, for machines (or runs) without SIMD.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>Writes the used mr×nr corner of a computed tile into C (edge tiles and the scalar path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

/// <summary>The micro-kernel a process uses.</summary>
internal enum GemmPath
{
    /// <summary>Plain floats.</summary>
    Scalar,

    /// <summary><see cref="Vector{T}"/>: 256-bit with AVX2, 128-bit with SSE.</summary>
    VectorT,

    /// <summary><see cref="Vector512{T}"/> with AVX-512.</summary>
    Vector512,
}
