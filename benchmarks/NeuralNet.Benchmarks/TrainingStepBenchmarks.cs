using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NeuralNet.Kernels;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Training;

namespace NeuralNet.Benchmarks;

/// <summary>
/// One full training step — forward, softmax + cross-entropy, backward, Adam update — of a
/// 784-256-128-10 ReLU MLP on a seeded random batch. The samples/s column is BatchSize divided by
/// the mean time; the Allocated column must read 0 B (the library promises an allocation-free step
/// once its buffers exist).
/// </summary>
/// <remarks>
/// A step is at most 6 floating-point operations per weight per sample (2 forward, 4 backward;
/// the first layer skips its input gradient, so a little less): with 234,752 weights, samples/s ×
/// 1.41 MFLOP is an upper bound on the step's GFLOP/s, for comparison with the GEMM suites.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class TrainingStepBenchmarks
{
    private Trainer? _trainer;
    private Tensor _features = new(1, 1);
    private Tensor _targets = new(1, 1);

    [Params(32, 128, 1024)]
    public int BatchSize { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.MaxDegreeOfParallelism = Threads;
        (_trainer, _features, _targets) = Create(BatchSize, seed: 1);

        // The first steps size the layers' buffers and the optimizer's state; after them a step
        // allocates nothing, which is what the Allocated column then shows.
        for (int i = 0; i < 3; i++)
        {
            _trainer.TrainBatch(_features, _targets);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxDegreeOfParallelism = Environment.ProcessorCount;

    [Benchmark(Description = "TrainBatch")]
    public float TrainBatch() => _trainer!.TrainBatch(_features, _targets);

    /// <summary>The benchmarked network, optimizer and a seeded random batch; shared with the quick harness.</summary>
    internal static (Trainer Trainer, Tensor Features, Tensor Targets) Create(int batchSize, int seed)
    {
        var model = new Sequential(
            new Dense(784, 256, WeightInitialization.He, seed: seed), new ReLU(),
            new Dense(256, 128, WeightInitialization.He, seed: seed + 1), new ReLU(),
            new Dense(128, 10, WeightInitialization.He, seed: seed + 2), new Softmax());
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 1e-3f));
        var features = new Tensor(BenchmarkData.Uniform(batchSize * 784, seed + 3), batchSize, 784);
        var targets = new Tensor(BenchmarkData.OneHot(batchSize, 10, seed + 4), batchSize, 10);
        return (trainer, features, targets);
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(StatisticColumn.Median);
            AddColumn(new RateColumn("samples/s", c => RateColumn.Parameter(c, nameof(BatchSize)), 1));
        }
    }
}
