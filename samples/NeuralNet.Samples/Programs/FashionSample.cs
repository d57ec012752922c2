using System.Diagnostics;
using NeuralNet.Data;
using NeuralNet.Kernels;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Samples.Shared;
using NeuralNet.Tensors;
using NeuralNet.Training;

namespace NeuralNet.Samples.Programs;

/// <summary>
/// Fashion-MNIST (Zalando, 2017: 28×28 grey images of ten kinds of clothing, 60 000 for training and
/// 10 000 for testing) with a 784-256-128-10 ReLU network: a real-sized workload, timed per epoch.
/// The data is not shipped with the repository; the Debian package <c>dataset-fashion-mnist</c>
/// installs it under <see cref="DefaultDirectory"/>, and without it the program says so and exits.
/// </summary>
internal sealed class FashionSample : ISample
{
    /// <summary>Where the Debian package puts the four IDX files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The class names, in label order.</summary>
    internal static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The four IDX files the Debian package installs.</summary>
    internal static readonly IReadOnlyList<string> Files =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    private readonly string _directory;

    /// <summary>Reads the data from <see cref="DefaultDirectory"/>.</summary>
    public FashionSample()
        : this(DefaultDirectory)
    {
    }

    /// <summary>Reads the data from another folder (tests use a missing one to check the fallback).</summary>
    internal FashionSample(string directory) => _directory = directory;

    public string Name => "fashion";

    public string Description => "Fashion-MNIST, 784-256-128-10 ReLU + Adam: test accuracy and time per epoch (needs dataset-fashion-mnist)";

    /// <summary>Whether all four files are present.</summary>
    public bool DataAvailable => Files.All(f => File.Exists(Path.Combine(_directory, f)));

    public SampleResult Run(SampleOptions options, SampleConsole console)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        var result = new SampleResult();
        if (!DataAvailable)
        {
            // Not an error: the program is optional on machines without the data.
            console.WriteLine($"Fashion-MNIST is not installed (looked for {string.Join(", ", Files)} in {_directory}).");
            console.WriteLine("Install it with:  sudo apt-get install dataset-fashion-mnist");
            result.Figures["data available"] = 0;
            return result;
        }

        var stopwatch = Stopwatch.StartNew();
        Dataset trainAll = Load("train");
        Dataset test = Load("t10k");
        double loadSeconds = stopwatch.Elapsed.TotalSeconds;

        // The quick run trains on a fifth of the training images for fewer epochs but still scores
        // the whole test set, so its accuracy is a real (if lower) measurement.
        int epochs = options.Quick ? 3 : 5;
        if (options.Quick)
        {
            trainAll = trainAll.Subset([.. Enumerable.Range(0, 12_000)]);
        }

        // A tenth of the training images watch the training as validation data; the 10 000 test
        // images are scored once, at the end, so the test accuracy is a fair estimate.
        var (train, validation) = trainAll.Split(0.9, seed: 2);

        // Per-pixel standardisation with the training split's statistics: pixels near the border
        // are almost always 0 and the centre ones vary a lot, and equal scales help Adam's first epochs.
        var scaler = Standardizer.Fit(train.Features);
        (train, validation, test) = (scaler.Transform(train), scaler.Transform(validation), scaler.Transform(test));

        var model = new Sequential(
            new Dense(784, 256, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(256, 128, WeightInitialization.He, seed: 2), new ReLU(),
            new Dense(128, 10, seed: 3), new Softmax());
        (_, TrainingHistory history) = ProgressTraining.Fit(
            console, "fashion-mnist", epochs,
            reporter => new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 1e-3f))
            {
                BatchSize = 128, Epochs = epochs, Seed = 1, Progress = reporter,
            },
            train, validation);

        foreach (EpochMetrics e in history.Epochs)
        {
            console.WriteLine($"epoch {e.Epoch}: training loss {e.TrainingLoss:F4}, validation loss {e.ValidationLoss:F4}, validation accuracy {e.ValidationAccuracy:P1}, {e.Elapsed.TotalSeconds:F2} s");
        }

        float accuracy = model.Accuracy(test);
        double secondsPerEpoch = history.Epochs.Average(e => e.Elapsed.TotalSeconds);
        result.Figures["data available"] = 1;
        result.Figures["test accuracy"] = accuracy;
        result.Figures["seconds per epoch"] = secondsPerEpoch;
        result.Figures["training samples"] = train.Count;
        result.Figures["validation samples"] = validation.Count;
        result.Figures["test samples"] = test.Count;
        result.Figures["threads"] = Parallelism.MaxDegreeOfParallelism;
        result.Figures["epochs"] = epochs;

        string perClass = string.Join(", ", PerClassAccuracy(model, test).Select((a, c) => $"{ClassNames[c]} {a:P0}"));
        console.WriteLine($"per class: {perClass}");

        result.Files.Add(Plots.Losses(
            Path.Combine(options.OutputDirectory, "fashion-loss.png"),
            $"Fashion-MNIST 784→256→128→10, Adam: test accuracy {accuracy:P1}, {secondsPerEpoch:F2} s/epoch on {Parallelism.MaxDegreeOfParallelism} threads",
            history, "cross-entropy loss", validationLabel: $"validation ({validation.Count} images held out of the training set)"));

        result.Figures["seconds"] = stopwatch.Elapsed.TotalSeconds;
        console.WriteLine($"{train.Count} training, {validation.Count} validation and {test.Count} test images, {model.ParameterCount} parameters, {epochs} epochs of batch 128 on {Parallelism.MaxDegreeOfParallelism} threads");
        console.WriteLine($"test accuracy {accuracy:P1}; {secondsPerEpoch:F2} s per epoch (training-accuracy counting and validation scoring included); data loaded in {loadSeconds:F1} s; {stopwatch.Elapsed.TotalSeconds:F1} s in all");
        return result;
    }

    /// <summary>Reads the training (<c>train</c>) or test (<c>t10k</c>) images and labels, pixels 0–255, labels one-hot.</summary>
    internal Dataset Load(string prefix)
    {
        Tensor images = IdxReader.ReadImages(Path.Combine(_directory, $"{prefix}-images-idx3-ubyte.gz"));
        int[] labels = IdxReader.ReadLabels(Path.Combine(_directory, $"{prefix}-labels-idx1-ubyte.gz"));
        return Dataset.FromLabels(images, labels, ClassNames.Count);
    }

    private static double[] PerClassAccuracy(Sequential model, Dataset test)
    {
        Tensor p = model.Predict(test.Features);
        int[] correct = new int[ClassNames.Count], total = new int[ClassNames.Count];
        for (int i = 0; i < test.Count; i++)
        {
            int actual = test.Targets.Row(i).IndexOf(1f);
            Span<float> row = p.Row(i);
            int predicted = row.IndexOf(TensorMax(row));
            total[actual]++;
            correct[actual] += predicted == actual ? 1 : 0;
        }

        return [.. correct.Select((c, k) => total[k] == 0 ? 0 : (double)c / total[k])];
    }

    private static float TensorMax(ReadOnlySpan<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (float v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
