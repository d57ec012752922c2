using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Kernels;

/// <summary>
/// Single-precision matrix product C (+)= op(A)·op(B) on row-major spans, in the forms
/// backpropagation needs — A·B (forward), Aᵀ·B (weight gradient), A·Bᵀ (input gradient) — without
/// ever materialising a transposed copy. This file holds the entry points; the others, by concern:
/// <c>Gemm.Parallel.cs</c> (the split over threads), <c>Gemm.Blocked.cs</c> (the loop nest),
/// <c>Gemm.Packing.cs</c>, <c>Gemm.RowDots.cs</c>, <c>Gemm.Kernel512.cs</c>,
/// <c>Gemm.KernelVector.cs</c>, <c>Gemm.KernelScalar.cs</c> and <c>Gemm.Epilogue.cs</c>.
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
/// Speed that does not depend on the JIT's mood: every method with a hot loop (the loop nest,
/// packing, the micro-kernels, row dots, the epilogue) is marked
/// <see cref="MethodImplOptions.NoInlining"/> and
/// <see cref="MethodImplOptions.AggressiveOptimization"/> — compiled once, fully optimised, at its
/// first call, and never inlined into a caller. Inlining it was how the cliff came about: Tier-1
/// PGO recompiled a caller with the whole product inlined, ran out of inlining budget inside, and
/// left a depth step of the <see cref="Vector{T}"/> micro-kernel as a call in its hot loop
/// (one-thread GEMM fell from ~0.9 of the FMA peak to ~0.2). The micro-kernels also write their
/// depth step out in the loop, with the accumulators as locals, so there is nothing left to call.
/// On two cores kept busy by a high-priority caller and a spinning kernel worker, compiling at
/// first call also spares the loops from waiting, unoptimised, for the background tier-up.
/// </para>
/// <para>
/// Determinism: every element of C is the sum over k in the same order — KC-blocks in turn, and
/// within a block p = 0, 1, … — whatever the thread count, because threads only split the rows or
/// the columns of C, never k.
/// </para>
/// </remarks>
internal static unsafe partial class Gemm
{
    /// <summary>Which micro-kernel this process uses, fixed at start-up from the hardware.</summary>
    internal static readonly GemmPath Path =
        Vector512.IsHardwareAccelerated && Vector<float>.Count < Vector512<float>.Count ? GemmPath.Vector512
        : Vector.IsHardwareAccelerated ? GemmPath.VectorT
        : GemmPath.Scalar;

    /// <summary>Columns of the register tile of this process's path: two vectors wide.</summary>
    internal static readonly int Nr = NrOf(Path);

    /// <summary>
    /// C = A·B, or C += A·B when <paramref name="accumulate"/> is set; then, optionally, + bias to
    /// every row and max(0, ·) — a dense layer's forward pass, with the bias and a following ReLU
    /// applied to each tile of C while it is still in registers instead of two more passes over C.
    /// Bit for bit the same as the product, then the bias, then the ReLU.
    /// </summary>
    /// <param name="a">A, m×k.</param>
    /// <param name="b">B, k×n.</param>
    /// <param name="c">C, m×n row-major.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="bias">n values added to every row of C, or empty for none.</param>
    /// <param name="relu">Replace each negative element of the result by zero.</param>
    public static void Multiply(GemmMatrix a, GemmMatrix b, Span<float> c, bool accumulate = false, ReadOnlySpan<float> bias = default, bool relu = false) =>
        On(Path).Multiply(a, b, c, accumulate, bias, relu);

    /// <summary>C (+)= Aᵀ·B: a weight gradient, Xᵀ·dY.</summary>
    /// <param name="a">A stored k×m.</param>
    /// <param name="b">B, k×n.</param>
    /// <param name="c">C, m×n row-major.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void MultiplyTransposeA(GemmMatrix a, GemmMatrix b, Span<float> c, bool accumulate = false) =>
        On(Path).MultiplyTransposeA(a, b, c, accumulate);

    /// <summary>C (+)= A·Bᵀ (+ bias, then the ReLU, as in <see cref="Multiply"/>): an input gradient, dY·Wᵀ.</summary>
    /// <param name="a">A, m×k.</param>
    /// <param name="b">B stored n×k.</param>
    /// <param name="c">C, m×n row-major.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="bias">n values added to every row of C, or empty for none.</param>
    /// <param name="relu">Replace each negative element of the result by zero.</param>
    public static void MultiplyTransposeB(GemmMatrix a, GemmMatrix b, Span<float> c, bool accumulate = false, ReadOnlySpan<float> bias = default, bool relu = false) =>
        On(Path).MultiplyTransposeB(a, b, c, accumulate, bias, relu);

    /// <summary>C (+)= Aᵀ·Bᵀ: not needed by backpropagation, kept so that all four forms are one kernel.</summary>
    /// <param name="a">A stored k×m.</param>
    /// <param name="b">B stored n×k.</param>
    /// <param name="c">C, m×n row-major.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void MultiplyTransposeBoth(GemmMatrix a, GemmMatrix b, Span<float> c, bool accumulate = false) =>
        On(Path).MultiplyTransposeBoth(a, b, c, accumulate);

    /// <summary>
    /// The same entry points on a chosen micro-kernel, so that tests can exercise every path on any
    /// machine (a <see cref="Vector512{T}"/> kernel still computes correctly, if slowly, without AVX-512).
    /// </summary>
    internal static OnPath On(GemmPath path) => new(path);

    /// <summary>The entry points of <see cref="Gemm"/> bound to one micro-kernel.</summary>
    /// <param name="path">The micro-kernel.</param>
    internal readonly ref struct OnPath(GemmPath path)
    {
        /// <summary>See <see cref="Gemm.Multiply"/>.</summary>
        public void Multiply(GemmMatrix a, GemmMatrix b, Span<float> c, bool accumulate = false, ReadOnlySpan<float> bias = default, bool relu = false) =>
            Run(a, b, c, new Form(TransposeA: false, TransposeB: false, accumulate, relu, path), bias);

        /// <summary>See <see cref="Gemm.MultiplyTransposeA"/>.</summary>
        public void MultiplyTransposeA(GemmMatrix a, GemmMatrix b, Span<float> c, bool accumulate = false) =>
            Run(a, b, c, new Form(TransposeA: true, TransposeB: false, accumulate, Relu: false, path), default);

        /// <summary>See <see cref="Gemm.MultiplyTransposeB"/>.</summary>
        public void MultiplyTransposeB(GemmMatrix a, GemmMatrix b, Span<float> c, bool accumulate = false, ReadOnlySpan<float> bias = default, bool relu = false) =>
            Run(a, b, c, new Form(TransposeA: false, TransposeB: true, accumulate, relu, path), bias);

        /// <summary>See <see cref="Gemm.MultiplyTransposeBoth"/>.</summary>
        public void MultiplyTransposeBoth(GemmMatrix a, GemmMatrix b, Span<float> c, bool accumulate = false) =>
            Run(a, b, c, new Form(TransposeA: true, TransposeB: true, accumulate, Relu: false, path), default);
    }

    /// <summary>
    /// The shape of op(A)·op(B) — C is m×n, the shared dimension k — after checking the operands
    /// against each other and against their spans. Shared with <see cref="GemmReference"/>.
    /// </summary>
    internal static (int M, int N, int K) Shape(GemmMatrix a, bool transposeA, GemmMatrix b, bool transposeB, ReadOnlySpan<float> c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a.Rows, nameof(a));
        ArgumentOutOfRangeException.ThrowIfNegative(a.Columns, nameof(a));
        ArgumentOutOfRangeException.ThrowIfNegative(b.Rows, nameof(b));
        ArgumentOutOfRangeException.ThrowIfNegative(b.Columns, nameof(b));
        CheckLength("A", a, nameof(a));
        CheckLength("B", b, nameof(b));
        int m = transposeA ? a.Columns : a.Rows;
        int k = transposeA ? a.Rows : a.Columns;
        int kb = transposeB ? b.Columns : b.Rows;
        int n = transposeB ? b.Rows : b.Columns;
        if (k != kb)
        {
            throw new ArgumentException(
                $"{(transposeA ? "Aᵀ" : "A")} is {m}×{k} and {(transposeB ? "Bᵀ" : "B")} is {kb}×{n}: the shared dimension differs.", nameof(b));
        }

        if (c.Length < (long)m * n)
        {
            throw new ArgumentException($"C has {c.Length} elements; {m}×{n} needs {(long)m * n}.", nameof(c));
        }

        return (m, n, k);
    }

    private static void CheckLength(string name, GemmMatrix matrix, string paramName)
    {
        long needed = (long)matrix.Rows * matrix.Columns;
        if (matrix.Values.Length < needed)
        {
            throw new ArgumentException($"{name} has {matrix.Values.Length} elements; {matrix.Rows}×{matrix.Columns} needs {needed}.", paramName);
        }
    }

    /// <summary>Which product, what to do with C, on which micro-kernel.</summary>
    private readonly record struct Form(bool TransposeA, bool TransposeB, bool Accumulate, bool Relu, GemmPath Path);

    private static void Run(GemmMatrix a, GemmMatrix b, Span<float> c, Form form, ReadOnlySpan<float> bias)
    {
        (int m, int n, int k) = Shape(a, form.TransposeA, b, form.TransposeB, c);
        if (!bias.IsEmpty && bias.Length != n)
        {
            throw new ArgumentException($"The bias has {bias.Length} elements; C has {n} columns.", nameof(bias));
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a.Values, pb = b.Values, pc = c, pbias = bias)
        {
            if (k == 0)
            {
                if (!form.Accumulate)
                {
                    c[..(m * n)].Clear();
                }

                ApplyEpilogue(pc, n, 0, m, 0, n, pbias, form.Relu);
                return;
            }

            var job = new Job(form, pa, pb, pc, m, n, k, pbias);
            int threads = Parallelism.MaxDegreeOfParallelism;
            if (threads > 1 && (long)m * n * k >= (job.FewRows && m <= FewRowsMaxVector ? FewRowsParallelThreshold : ParallelThreshold))
            {
                RunInParallel(in job, threads);
            }
            else
            {
                Compute(in job, 0, m, 0, n);
            }
        }
    }
}
