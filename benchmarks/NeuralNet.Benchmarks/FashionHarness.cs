using System.Diagnostics;
using System.Globalization;
using NeuralNet.Data;
using NeuralNet.Kernels;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Training;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--fashion</c> mode: the end-to-end figure of the performance issue. Trains the
/// 784-256-128-10 ReLU MLP (He initialisation, softmax + categorical cross-entropy, Adam 1e-3,
/// batch 128, seed 1) on Fashion-MNIST for 5 epochs and prints the load time, each epoch's time
/// and the test accuracy — the same protocol as <c>benchmarks/pytorch/train_step.py --fashion</c>.
/// With <c>--seeds N</c> it trains N times, with seeds 1…N for the weights and the shuffling, and
/// also prints the spread of the test accuracy: one seed's accuracy moves by a few tenths of a point.
/// </summary>
/// <remarks>
/// An epoch's time is <see cref="EpochMetrics.Elapsed"/>: the shuffled batches, their gathering,
/// the training steps and the running metrics, with no validation pass (the test set is scored
/// once, after the last epoch). Loading — decompressing and decoding the IDX files and building
/// the one-hot datasets — is timed separately.
/// </remarks>
internal static class FashionHarness
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package puts the IDX files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    private const int Epochs = 5;
    private const int BatchSize = 128;

    /// <summary>Runs once per thread count; returns the process exit code (0 also when the data is absent).</summary>
    public static int Run(TextWriter output, string directory, IReadOnlyList<int> threadCounts, int seeds = 1)
    {
        string[] files =
        [
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
        ];
        string? missing = files.Select(f => Path.Combine(directory, f)).FirstOrDefault(p => !File.Exists(p));
        if (missing is not null)
        {
            output.WriteLine($"Fashion-MNIST not found ({missing}): apt-get install -y dataset-fashion-mnist, or pass --data DIR with the four IDX .gz files.");
            return 0;
        }

        output.WriteLine($"Fashion-MNIST end to end: MLP 784-256-128-10 ReLU (He), softmax + CCE, Adam(1e-3), batch {BatchSize}, {Epochs} epochs, seed 1");
        output.WriteLine($"CPU: {MachineInfo.CpuModel}, {Environment.ProcessorCount} logical processors, .NET {Environment.Version}, GEMM micro-kernel {Gemm.Path}");

        foreach (int threads in threadCounts)
        {
            Parallelism.MaxDegreeOfParallelism = threads;
            output.WriteLine();
            output.WriteLine($"threads {threads}, load average at start {MachineInfo.LoadAverage}");

            // Loaded again for every thread count so that each run reports its own load time.
            long loadStart = Stopwatch.GetTimestamp();
            var trainImages = IdxReader.ReadImages(Path.Combine(directory, files[0]));
            int[] trainLabels = IdxReader.ReadLabels(Path.Combine(directory, files[1]));
            var testImages = IdxReader.ReadImages(Path.Combine(directory, files[2]));
            int[] testLabels = IdxReader.ReadLabels(Path.Combine(directory, files[3]));
            double readSeconds = Stopwatch.GetElapsedTime(loadStart).TotalSeconds;
            // Standardised per pixel with the training split's statistics (the PyTorch script does the same).
            var scaler = Standardizer.Fit(trainImages);
            Dataset train = Dataset.FromLabels(scaler.Transform(trainImages), trainLabels, 10);
            Dataset test = Dataset.FromLabels(scaler.Transform(testImages), testLabels, 10);
            double loadSeconds = Stopwatch.GetElapsedTime(loadStart).TotalSeconds;
            output.WriteLine(Invariant($"data loading: {loadSeconds:F3} s ({readSeconds:F3} s reading and decoding the IDX .gz files, the rest standardising and one-hot datasets); {train.Count} train, {test.Count} test samples"));

            var accuracies = new List<float>();
            var medianEpochs = new List<double>();
            for (int seed = 1; seed <= seeds; seed++)
            {
                (double medianEpoch, float accuracy) = TrainOnce(output, train, test, seed, detailed: seed == 1);
                accuracies.Add(accuracy);
                medianEpochs.Add(medianEpoch);
                if (seed > 1)
                {
                    output.WriteLine(Invariant($"seed {seed}: median epoch {medianEpoch:F3} s, test accuracy {accuracy:P2}"));
                }
            }

            if (seeds > 1)
            {
                output.WriteLine(Invariant(
                    $"over seeds 1-{seeds}: test accuracy mean {accuracies.Average():P2}, min {accuracies.Min():P2}, max {accuracies.Max():P2}; median epoch {medianEpochs.Order().ElementAt(seeds / 2):F3} s"));
            }

            output.WriteLine($"load average at end {MachineInfo.LoadAverage}");
        }

        Parallelism.MaxDegreeOfParallelism = Environment.ProcessorCount;
        return 0;
    }

    /// <summary>
    /// Trains a fresh network: weights from seeds 3s−2, 3s−1, 3s (1, 2, 3 for seed 1), shuffling
    /// from s. Returns the median epoch time and the test accuracy.
    /// </summary>
    private static (double MedianEpoch, float Accuracy) TrainOnce(TextWriter output, Dataset train, Dataset test, int seed, bool detailed)
    {
        var model = new Sequential(
            new Dense(784, 256, WeightInitialization.He, seed: (3 * seed) - 2), new ReLU(),
            new Dense(256, 128, WeightInitialization.He, seed: (3 * seed) - 1), new ReLU(),
            new Dense(128, 10, WeightInitialization.He, seed: 3 * seed), new Softmax());
        var epochs = new EpochLog();
        // The FMA peak, one thread, right after each epoch (outside its time): the epoch's bound is
        // its GEMM flops (1.007 MFLOP per sample) at that peak on every thread the kernels use.
        bool wide = PeakHarness.UsesVector512(Gemm.Path);
        int iterations = (int)(1e9 / PeakHarness.FlopsPerIteration(wide));
        var peaks = new List<double>();
        bool measurable = Gemm.Path != GemmPath.Scalar;
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 1e-3f))
        {
            BatchSize = BatchSize, Epochs = Epochs, Seed = seed, Progress = epochs,
            EpochEnded = _ =>
            {
                if (measurable)
                {
                    peaks.Add(PeakHarness.Burst(wide, iterations));
                }
            },
        };

        trainer.Fit(train);
        long scoreStart = Stopwatch.GetTimestamp();
        float accuracy = model.Accuracy(test);
        double scoreSeconds = Stopwatch.GetElapsedTime(scoreStart).TotalSeconds;
        double[] times = [.. epochs.Metrics.Select(e => e.Elapsed.TotalSeconds).Order()];
        if (detailed)
        {
            output.WriteLine($"{"epoch",5} {"seconds",9} {"samples/s",10} {"train loss",11} {"train acc",10}");
            foreach (EpochMetrics e in epochs.Metrics)
            {
                double seconds = e.Elapsed.TotalSeconds;
                output.WriteLine(Invariant($"{e.Epoch,5} {seconds,9:F3} {train.Count / seconds,10:F0} {e.TrainingLoss,11:F4} {e.TrainingAccuracy,10:P2}"));
            }

            output.WriteLine(Invariant($"epoch time: median {times[times.Length / 2]:F3} s, mean {times.Average():F3} s, total {times.Sum():F3} s"));
            if (measurable)
            {
                int threads = Math.Min(Parallelism.MaxDegreeOfParallelism, Environment.ProcessorCount);
                double[] ratios = [.. epochs.Metrics.Select((e, i) =>
                    e.Elapsed.TotalSeconds / (train.Count * GuardHarness.StepFlops(1) / (threads * peaks[i] * 1e9))).Order()];
                double peak = peaks.Order().ElementAt(peaks.Count / 2);
                double bound = train.Count * GuardHarness.StepFlops(1) / (threads * peak * 1e9);
                output.WriteLine(Invariant(
                    $"bound: {train.Count} × {GuardHarness.StepFlops(1) / 1e6:F3} MFLOP at {threads} × {peak:F1} GFLOP/s (one-thread FMA peak after each epoch) = {bound:F3} s; epoch ÷ bound: median {ratios[ratios.Length / 2]:F2} ({ratios[0]:F2}–{ratios[^1]:F2})"));
            }

            output.WriteLine(Invariant($"test accuracy after {Epochs} epochs: {accuracy:P2} (scored in {scoreSeconds:F3} s)"));
        }

        return (times[times.Length / 2], accuracy);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Collects each epoch's metrics on the training thread. <see cref="Progress{T}"/> would post
    /// them to the thread pool, and the table is printed after <c>Fit</c> returns anyway.
    /// </summary>
    private sealed class EpochLog : IProgress<EpochMetrics>
    {
        private readonly List<EpochMetrics> _metrics = [];

        public IReadOnlyList<EpochMetrics> Metrics => _metrics;

        public void Report(EpochMetrics value) => _metrics.Add(value);
    }
}
