using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using NeuralNet.Kernels;

namespace NeuralNet.Benchmarks;

/// <summary>
/// <c>Gemm.Multiply</c> beside OpenBLAS's <c>cblas_sgemm</c> on the same operands, in one
/// BenchmarkDotNet run: square 256/512/1024 and the MLP's first-layer products at batch
/// 32/128/1024 (<see cref="PeerGemmShape"/>), in the three forms A·B, Aᵀ·B, A·Bᵀ, at 1 and 2 threads.
/// </summary>
/// <remarks>
/// <para>
/// Each form is a category whose baseline is ours, so the Ratio column reads OpenBLAS's time over
/// ours: below 1 means OpenBLAS is faster. GFLOP/s = 2·m·n·k / mean time.
/// </para>
/// <para>
/// OpenBLAS's transposed forms are its own CblasTrans flags on row-major storage, not a copy.
/// When <c>libopenblas.so.0</c> is absent the OpenBLAS cases are filtered out (with a message) and
/// ours still run. Run this suite with <c>env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE</c> so that
/// OpenBLAS picks its kernel for this CPU; the setup prints the kernel either way.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class OpenBlasGemmBenchmarks
{
    private PeerGemmShape.Operands[] _operands = [];

    [ParamsSource(nameof(Shapes))]
    public PeerGemmShape Shape { get; set; } = PeerGemmShape.All[0];

    [Params(1, 2)]
    public int Threads { get; set; }

    public static IEnumerable<PeerGemmShape> Shapes => PeerGemmShape.All;

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.MaxDegreeOfParallelism = Threads;
        if (OpenBlas.IsAvailable)
        {
            OpenBlas.SetThreads(Threads);
        }

        _operands = [.. Shape.Forms.Select(f => f.Allocate())];
        Console.WriteLine($"// GEMM micro-kernel: {Gemm.Path}, threads: {Threads}");
        Console.WriteLine($"// {OpenBlas.Describe()}");
    }

    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxDegreeOfParallelism = Environment.ProcessorCount;

    [Benchmark(Baseline = true, Description = "NeuralNet A·B"), BenchmarkCategory("A·B")]
    public void NeuralNet_AB() => Shape.Forms[0].RunNeuralNet(_operands[0]);

    [Benchmark(Description = "OpenBLAS A·B"), BenchmarkCategory("A·B")]
    public void OpenBlas_AB() => Shape.Forms[0].RunOpenBlas(_operands[0]);

    [Benchmark(Baseline = true, Description = "NeuralNet Aᵀ·B"), BenchmarkCategory("Aᵀ·B")]
    public void NeuralNet_AtB() => Shape.Forms[1].RunNeuralNet(_operands[1]);

    [Benchmark(Description = "OpenBLAS Aᵀ·B"), BenchmarkCategory("Aᵀ·B")]
    public void OpenBlas_AtB() => Shape.Forms[1].RunOpenBlas(_operands[1]);

    [Benchmark(Baseline = true, Description = "NeuralNet A·Bᵀ"), BenchmarkCategory("A·Bᵀ")]
    public void NeuralNet_ABt() => Shape.Forms[2].RunNeuralNet(_operands[2]);

    [Benchmark(Description = "OpenBLAS A·Bᵀ"), BenchmarkCategory("A·Bᵀ")]
    public void OpenBlas_ABt() => Shape.Forms[2].RunOpenBlas(_operands[2]);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(StatisticColumn.Median);
            AddColumn(new RateColumn("GFLOP/s", c => ((PeerGemmShape)c.Parameters[nameof(Shape)]).Flops, 1e9));
            if (!OpenBlas.IsAvailable)
            {
                // Printed by the host process before the run; the OpenBLAS cases then never start.
                Console.WriteLine($"// {OpenBlas.InstallHint} — running the NeuralNet cases only.");
                AddFilter(new SimpleFilter(c => !c.Descriptor.WorkloadMethod.Name.StartsWith("OpenBlas", StringComparison.Ordinal)));
            }
        }
    }
}
