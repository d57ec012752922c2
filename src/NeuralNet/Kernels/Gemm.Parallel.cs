namespace NeuralNet.Kernels;

/// <summary>The product as a job that threads share, and its split over threads.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>Products with fewer multiply-adds than this run on one thread: waking a worker costs more.</summary>
    private const long ParallelThreshold = 1L << 18;

    /// <summary>
    /// The same for one or two rows of C (a single sample): such a product streams B once, so two
    /// threads each streaming half of B's columns pay off from a smaller size (the 784 → 256 layer
    /// of one sample, 200 704 multiply-adds).
    /// </summary>
    private const long FewRowsParallelThreshold = 1L << 16;

    [ThreadStatic] private static ParallelGemm? t_parallel;

    /// <summary>Runs the job in bands over the kernel threads (<see cref="KernelThreadPool"/>).</summary>
    private static void RunInParallel(in Job job, int threads)
    {
        ParallelGemm work = t_parallel ??= new ParallelGemm();
        work.Job = job;
        int parts = work.Prepare(threads);
        KernelThreadPool.Run(work, parts);
    }

    /// <summary>The operands of one product, as raw pointers so that worker threads can share them.</summary>
    private readonly struct Job(Form form, float* a, float* b, float* c, int m, int n, int k, float* bias)
    {
        public readonly GemmPath Path = form.Path;
        public readonly int Nr = NrOf(form.Path);
        public readonly float* A = a;
        public readonly float* B = b;
        public readonly float* C = c;
        public readonly bool TransposeA = form.TransposeA;
        public readonly bool TransposeB = form.TransposeB;
        public readonly int M = m;
        public readonly int N = n;
        public readonly int K = k;
        public readonly bool Accumulate = form.Accumulate;

        /// <summary>n values to add to each row of the finished C, or null.</summary>
        public readonly float* Bias = bias;

        /// <summary>Apply max(0, ·) to the finished C.</summary>
        public readonly bool Relu = form.Relu;

        /// <summary>
        /// A·Bᵀ with very few rows (one sample, a tiny batch) runs as dot products of rows:
        /// both operands are contiguous along k, so nothing needs packing. Decided from the whole
        /// product's shape, never from a thread's share, so the arithmetic is the same on any thread count.
        /// </summary>
        public readonly bool RowDots = form.TransposeB && !form.TransposeA && m <= DotMaxRows && form.Path != GemmPath.Vector512;

        /// <summary>
        /// A·B with at most 15 columns and at least 12 rows (an output layer) runs one vector per
        /// row of C (<see cref="NarrowColumns"/>); decided from the whole product's shape.
        /// </summary>
        public readonly bool Narrow = !form.TransposeA && !form.TransposeB && form.Path == GemmPath.Vector512
            && n <= NarrowMaxColumns && m >= NarrowRows;

        /// <summary>
        /// A·B with few rows (a sample, a small batch) runs by row groups over B in place
        /// (<see cref="FewRows"/>); decided from the whole product's shape, like <see cref="RowDots"/>.
        /// </summary>
        public readonly bool FewRows = !form.TransposeA && !form.TransposeB && form.Path != GemmPath.Scalar
            && m <= (form.Path == GemmPath.Vector512 ? FewRowsMax : FewRowsMaxVector);
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
}
