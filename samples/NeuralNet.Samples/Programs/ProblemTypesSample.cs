using System.Diagnostics;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Samples.Shared;
using NeuralNet.Tensors;
using NeuralNet.Training;

namespace NeuralNet.Samples.Programs;

/// <summary>
/// The four problem types, each on real data, each with the output layer and loss that fit it:
/// regression (identity + mean squared error), binary classification (sigmoid + binary
/// cross-entropy), multi-class (softmax + categorical cross-entropy) and multi-label (one sigmoid
/// per independent yes/no label + binary cross-entropy). Features are standardised with the
/// training split's statistics only, so nothing about the test split leaks into training.
/// </summary>
internal sealed class ProblemTypesSample : ISample
{
    /// <summary>The multi-label task's labels on a digit d: d even, d ≥ 5, d prime.</summary>
    internal static readonly IReadOnlyList<string> DigitLabels = ["even", "≥ 5", "prime"];

    /// <summary>
    /// The legend's name for the second loss curve: each problem scores its test split after every
    /// epoch for the picture, but nothing (no early stopping, no choice of model) is decided on it.
    /// </summary>
    private const string TestCurve = "test split (watched, not used)";

    public string Name => "problems";

    public string Description => "regression, binary, multi-class and multi-label problems on real data";

    public SampleResult Run(SampleOptions options, SampleConsole console)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        var stopwatch = Stopwatch.StartNew();
        var result = new SampleResult();
        Regression(options, console, result);
        Binary(options, console, result);
        MultiClass(options, console, result);
        MultiLabel(options, console, result);
        result.Figures["seconds"] = stopwatch.Elapsed.TotalSeconds;
        console.WriteLine($"{stopwatch.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    /// <summary>Diabetes progression: RMSE and R² on the original target scale, against predicting the training mean.</summary>
    private static void Regression(SampleOptions options, SampleConsole console, SampleResult result)
    {
        var (train, test) = Datasets.Diabetes().Split(0.8, seed: 1);
        var features = Standardizer.Fit(train.Features);

        // The target (25–346) is standardised too, so the identity output starts at the right
        // scale; predictions are mapped back before any figure is computed.
        var target = Standardizer.Fit(train.Targets);
        var scaledTrain = new Dataset(features.Transform(train.Features), target.Transform(train.Targets));
        var scaledTest = new Dataset(features.Transform(test.Features), target.Transform(test.Targets));

        // Ten noisy features and 350 samples: a small network with weight decay, since a big one
        // only fits the noise.
        var model = new Sequential(
            new Dense(10, 16, seed: 1), new Tanh(),
            new Dense(16, 1, seed: 2), new Identity());
        int epochs = options.Quick ? 60 : 150;
        (_, TrainingHistory history) = ProgressTraining.Fit(
            console, "regression (diabetes)", epochs,
            reporter => new Trainer(model, new MeanSquaredError(), new Adam(learningRate: 3e-3f, weightDecay: 1e-2f))
            {
                BatchSize = 32, Epochs = epochs, Seed = 1, Progress = reporter,
            },
            scaledTrain, scaledTest);

        Tensor predicted = model.Predict(scaledTest.Features);
        float mean = target.Means[0], deviation = target.StandardDeviations[0];
        double[] actual = new double[test.Count], estimate = new double[test.Count];
        for (int i = 0; i < test.Count; i++)
        {
            actual[i] = test.Targets[i, 0];
            estimate[i] = (predicted[i, 0] * deviation) + mean;
        }

        // The mean predictor answers the training split's mean for every test sample: the
        // baseline any regression has to beat (R² = 0).
        double modelError = actual.Zip(estimate, (a, e) => (a - e) * (a - e)).Average();
        double meanError = actual.Select(a => (a - mean) * (a - mean)).Average();
        double rmse = Math.Sqrt(modelError), meanRmse = Math.Sqrt(meanError);
        double r2 = 1 - (modelError / meanError);
        result.Figures["regression RMSE"] = rmse;
        result.Figures["regression mean-predictor RMSE"] = meanRmse;
        result.Figures["regression R²"] = r2;
        console.WriteLine($"regression, diabetes ({train.Count} train / {test.Count} test), identity + MSE: RMSE {rmse:F1} vs {meanRmse:F1} for the mean predictor, R² {r2:F3}");

        double low = Math.Min(actual.Min(), estimate.Min()), high = Math.Max(actual.Max(), estimate.Max());
        result.Files.Add(Plots.Scatter(
            Path.Combine(options.OutputDirectory, "problems-regression.png"),
            $"Regression, diabetes: RMSE {rmse:F1} (mean predictor {meanRmse:F1}), R² {r2:F2}",
            "actual progression", "predicted progression",
            [("test samples", actual, estimate)],
            [("perfect prediction", [low, high], [low, high]), ("mean predictor", [low, high], [mean, mean])]));
        result.Files.Add(Plots.Losses(
            Path.Combine(options.OutputDirectory, "problems-regression-loss.png"),
            "Regression, diabetes: identity output + mean squared error", history, "MSE (standardised target)", validationLabel: TestCurve));
    }

    /// <summary>Breast cancer diagnosis: accuracy and the confusion matrix.</summary>
    private static void Binary(SampleOptions options, SampleConsole console, SampleResult result)
    {
        var (train, test) = Standardized(Datasets.BreastCancer());
        var model = new Sequential(
            new Dense(30, 16, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(16, 1, seed: 2), new Sigmoid());
        int epochs = options.Quick ? 20 : 50;
        (_, TrainingHistory history) = ProgressTraining.Fit(
            console, "binary (breast cancer)", epochs,
            reporter => new Trainer(model, new BinaryCrossEntropy(), new Adam(learningRate: 1e-3f))
            {
                BatchSize = 16, Epochs = epochs, Seed = 1, Progress = reporter,
            },
            train, test);

        // Rows: actual class; columns: predicted class (output > 0.5 means class 1, benign).
        Tensor p = model.Predict(test.Features);
        int[,] confusion = new int[2, 2];
        for (int i = 0; i < test.Count; i++)
        {
            confusion[(int)test.Targets[i, 0], p[i, 0] > 0.5f ? 1 : 0]++;
        }

        float accuracy = model.Accuracy(test);
        result.Figures["binary accuracy"] = accuracy;
        result.Figures["binary false negatives"] = confusion[0, 1]; // malignant called benign: the costly error
        result.Figures["binary false positives"] = confusion[1, 0];
        console.WriteLine($"binary, breast cancer ({train.Count} train / {test.Count} test), sigmoid + BCE: accuracy {accuracy:P1}");
        IReadOnlyList<string> names = Datasets.BreastCancerClassNames;
        console.WriteLine($"  {"actual \\ predicted",-20}{names[0],10}{names[1],10}");
        for (int r = 0; r < 2; r++)
        {
            console.WriteLine($"  {names[r],-20}{confusion[r, 0],10}{confusion[r, 1],10}");
        }

        result.Files.Add(Plots.Losses(
            Path.Combine(options.OutputDirectory, "problems-binary.png"),
            $"Binary, breast cancer: sigmoid + binary cross-entropy, accuracy {accuracy:P1}", history, "binary cross-entropy", validationLabel: TestCurve));
        result.Files.Add(Plots.Matrix(
            Path.Combine(options.OutputDirectory, "problems-confusion.png"),
            $"Breast cancer, test split: confusion matrix ({accuracy:P1} correct)", "actual", "predicted", names, confusion));
    }

    /// <summary>Wine cultivars: three classes, one softmax.</summary>
    private static void MultiClass(SampleOptions options, SampleConsole console, SampleResult result)
    {
        var (train, test) = Standardized(Datasets.Wine());
        var model = new Sequential(
            new Dense(13, 16, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(16, 3, seed: 2), new Softmax());
        int epochs = options.Quick ? 30 : 60;
        (_, TrainingHistory history) = ProgressTraining.Fit(
            console, "multi-class (wine)", epochs,
            reporter => new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 3e-3f))
            {
                BatchSize = 16, Epochs = epochs, Seed = 1, Progress = reporter,
            },
            train, test);

        float accuracy = model.Accuracy(test);
        result.Figures["multi-class accuracy"] = accuracy;
        console.WriteLine($"multi-class, wine ({train.Count} train / {test.Count} test), softmax + CCE: accuracy {accuracy:P1}");
        result.Files.Add(Plots.Losses(
            Path.Combine(options.OutputDirectory, "problems-multiclass.png"),
            $"Multi-class, wine (3 cultivars): softmax + cross-entropy, accuracy {accuracy:P1}", history, "categorical cross-entropy (log scale)", logY: true, validationLabel: TestCurve));
    }

    /// <summary>Digits with three independent yes/no labels (even, ≥ 5, prime): one sigmoid each.</summary>
    private static void MultiLabel(SampleOptions options, SampleConsole console, SampleResult result)
    {
        var (train, test) = Standardized(DigitProperties(Datasets.Digits()));
        var model = new Sequential(
            new Dense(64, 64, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(64, 3, seed: 2), new Sigmoid());
        int epochs = options.Quick ? 10 : 30;
        (_, TrainingHistory history) = ProgressTraining.Fit(
            console, "multi-label (digits)", epochs,
            reporter => new Trainer(model, new BinaryCrossEntropy(), new Adam(learningRate: 1e-3f))
            {
                BatchSize = 32, Epochs = epochs, Seed = 1, Progress = reporter,
            },
            train, test);

        // Each label is its own yes/no decision, so each gets its own accuracy; "all three right"
        // is the stricter exact-match score.
        Tensor p = model.Predict(test.Features);
        int[] correct = new int[DigitLabels.Count];
        int exact = 0;
        for (int i = 0; i < test.Count; i++)
        {
            bool all = true;
            for (int l = 0; l < DigitLabels.Count; l++)
            {
                bool right = (p[i, l] > 0.5f) == (test.Targets[i, l] > 0.5f);
                correct[l] += right ? 1 : 0;
                all &= right;
            }

            exact += all ? 1 : 0;
        }

        var perLabel = new List<string>();
        for (int l = 0; l < DigitLabels.Count; l++)
        {
            double accuracy = (double)correct[l] / test.Count;
            result.Figures[$"multi-label accuracy {DigitLabels[l]}"] = accuracy;
            perLabel.Add($"{DigitLabels[l]} {accuracy:P1}");
        }

        double exactMatch = (double)exact / test.Count;
        result.Figures["multi-label exact match"] = exactMatch;
        console.WriteLine($"multi-label, digits → (even, ≥ 5, prime) ({train.Count} train / {test.Count} test), sigmoid + BCE: {string.Join(", ", perLabel)}; all three right {exactMatch:P1}");
        result.Files.Add(Plots.Losses(
            Path.Combine(options.OutputDirectory, "problems-multilabel.png"),
            $"Multi-label, digits: 3 sigmoids + BCE; accuracy {string.Join(", ", perLabel)}", history, "binary cross-entropy", validationLabel: TestCurve));
    }

    /// <summary>Replaces each digit's one-hot class with three 0/1 labels: even, ≥ 5, prime.</summary>
    internal static Dataset DigitProperties(Dataset digits)
    {
        var targets = new Tensor(digits.Count, DigitLabels.Count);
        for (int i = 0; i < digits.Count; i++)
        {
            int d = digits.Targets.Row(i).IndexOf(1f);
            targets[i, 0] = d % 2 == 0 ? 1 : 0;
            targets[i, 1] = d >= 5 ? 1 : 0;
            targets[i, 2] = d is 2 or 3 or 5 or 7 ? 1 : 0;
        }

        return new Dataset(digits.Features, targets);
    }

    /// <summary>An 80/20 split with features standardised by the training split's statistics.</summary>
    private static (Dataset Train, Dataset Test) Standardized(Dataset data)
    {
        var (train, test) = data.Split(0.8, seed: 1);
        var scaler = Standardizer.Fit(train.Features);
        return (scaler.Transform(train), scaler.Transform(test));
    }
}
