using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NeuralNet.Kernels;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The GEMMs of the first layer of the 784-256-128-10 MLP, Dense(784→256), at the batch sizes the
/// training-step benchmark uses — the shapes where a training step spends most of its time. Each
/// product is 2·BatchSize·784·256 floating-point operations, which the GFLOP/s column divides by
/// the mean time.
/// </summary>
/// <remarks>
/// The three calls are the ones <c>Dense</c> makes: forward Y = X·W with X BatchSize×784 and W
/// 784×256; weight gradient dW = Xᵀ·dY (784×256, summed over the batch); input gradient
/// dX = dY·Wᵀ (BatchSize×784). The weight gradient is computed with accumulate = true, as in Dense.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class GemmLayerBenchmarks
{
    private const int Inputs = 784;
    private const int Outputs = 256;

    private float[] _x = [];
    private float[] _w = [];
    private float[] _y = [];
    private float[] _dy = [];
    private float[] _dw = [];
    private float[] _dx = [];

    [Params(32, 128, 1024)]
    public int BatchSize { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.MaxDegreeOfParallelism = Threads;
        _x = BenchmarkData.Uniform(BatchSize * Inputs, seed: 1);
        _w = BenchmarkData.Uniform(Inputs * Outputs, seed: 2);
        _dy = BenchmarkData.Uniform(BatchSize * Outputs, seed: 3);
        _y = new float[BatchSize * Outputs];
        _dw = new float[Inputs * Outputs];
        _dx = new float[BatchSize * Inputs];
    }

    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>(B×784)·(784×256): the forward product.</summary>
    [Benchmark(Baseline = true, Description = "X·W (forward)")]
    public void Forward() =>
        Gemm.Multiply(new GemmMatrix(_x, BatchSize, Inputs), new GemmMatrix(_w, Inputs, Outputs), _y);

    /// <summary>(784×B)·(B×256): the weight gradient, Aᵀ·B form.</summary>
    [Benchmark(Description = "Xᵀ·dY (weight grad)")]
    public void WeightGradient() =>
        Gemm.MultiplyTransposeA(new GemmMatrix(_x, BatchSize, Inputs), new GemmMatrix(_dy, BatchSize, Outputs), _dw, accumulate: true);

    /// <summary>(B×256)·(256×784): the input gradient, A·Bᵀ form.</summary>
    [Benchmark(Description = "dY·Wᵀ (input grad)")]
    public void InputGradient() =>
        Gemm.MultiplyTransposeB(new GemmMatrix(_dy, BatchSize, Outputs), new GemmMatrix(_w, Inputs, Outputs), _dx);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(StatisticColumn.Median);
            AddColumn(new RateColumn(
                "GFLOP/s", c => 2.0 * RateColumn.Parameter(c, nameof(BatchSize)) * Inputs * Outputs, 1e9));
        }
    }
}
