using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NeuralNet.Kernels;

namespace NeuralNet.Benchmarks;

/// <summary>
/// Square single-precision GEMM, C = op(A)·op(B) with m = n = k = <see cref="Size"/>, in the three
/// forms backpropagation uses. One invocation is 2·Size³ floating-point operations (a multiply and
/// an add per term), which the GFLOP/s column divides by the mean time.
/// </summary>
/// <remarks>
/// Aᵀ·B and A·Bᵀ read a transposed operand while packing; the ratio to A·B shows what that costs.
/// The micro-kernel in use (<see cref="Gemm.Path"/>) is printed by the setup.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    [Params(256, 512, 1024)]
    public int Size { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.MaxDegreeOfParallelism = Threads;
        _a = BenchmarkData.Uniform(Size * Size, seed: 1);
        _b = BenchmarkData.Uniform(Size * Size, seed: 2);
        _c = new float[Size * Size];
        Console.WriteLine($"// GEMM micro-kernel: {Gemm.Path}, threads: {Threads}");
    }

    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>A·B, the forward product.</summary>
    [Benchmark(Baseline = true, Description = "A·B")]
    public void AB() => Gemm.Multiply(new GemmMatrix(_a, Size, Size), new GemmMatrix(_b, Size, Size), _c);

    /// <summary>Aᵀ·B, the weight-gradient form (A stored k×m).</summary>
    [Benchmark(Description = "Aᵀ·B")]
    public void AtB() => Gemm.MultiplyTransposeA(new GemmMatrix(_a, Size, Size), new GemmMatrix(_b, Size, Size), _c);

    /// <summary>A·Bᵀ, the input-gradient form (B stored n×k).</summary>
    [Benchmark(Description = "A·Bᵀ")]
    public void ABt() => Gemm.MultiplyTransposeB(new GemmMatrix(_a, Size, Size), new GemmMatrix(_b, Size, Size), _c);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // 2·n³ flops per square product.
            AddColumn(StatisticColumn.Median);
            AddColumn(new RateColumn("GFLOP/s", c => 2.0 * Math.Pow(RateColumn.Parameter(c, nameof(Size)), 3), 1e9));
        }
    }
}
