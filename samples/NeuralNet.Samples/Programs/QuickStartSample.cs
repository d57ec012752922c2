using System.Diagnostics;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Samples.Shared;
using NeuralNet.Training;

namespace NeuralNet.Samples.Programs;

/// <summary>
/// The README's quick start with pictures: a multi-class classifier of 8×8 hand-written digits,
/// softmax output with categorical cross-entropy, Adam; plots the training and validation loss per
/// epoch (validation data carved from the training split) and prints the accuracy on the test split.
/// </summary>
internal sealed class QuickStartSample : ISample
{
    public string Name => "quickstart";

    public string Description => "digits, softmax + cross-entropy: test accuracy and training vs validation loss";

    public SampleResult Run(SampleOptions options, SampleConsole console)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        var stopwatch = Stopwatch.StartNew();
        var result = new SampleResult();

        // The validation data that watches training is carved from the training split; the test
        // split is touched once, for the final accuracy, so that figure is a fair estimate.
        var (trainAll, test) = Datasets.Digits().Split(0.8, seed: 1);
        var (train, validation) = trainAll.Split(0.9, seed: 2);
        var scaler = Standardizer.Fit(train.Features); // statistics of the training split only
        (train, validation, test) = (scaler.Transform(train), scaler.Transform(validation), scaler.Transform(test));

        var model = new Sequential(
            new Dense(64, 128, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(128, 10, seed: 2), new Softmax());

        // The full run shows the validation loss flattening while the training loss keeps falling;
        // the quick run stops early but is already well past 90 % accuracy.
        int epochs = options.Quick ? 10 : 30;
        (_, TrainingHistory history) = ProgressTraining.Fit(
            console, "digits", epochs,
            reporter => new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 1e-3f))
            {
                BatchSize = 32, Epochs = epochs, Seed = 1, Progress = reporter,
            },
            train, validation);

        float accuracy = model.Accuracy(test);
        EpochMetrics last = history.Epochs[^1];
        result.Figures["test accuracy"] = accuracy;
        result.Figures["training loss"] = last.TrainingLoss;
        result.Figures["validation loss"] = last.ValidationLoss ?? double.NaN;
        result.Figures["epochs"] = history.Epochs.Count;
        result.Figures["training samples"] = train.Count;
        result.Figures["validation samples"] = validation.Count;
        result.Figures["test samples"] = test.Count;

        result.Files.Add(Plots.Losses(
            Path.Combine(options.OutputDirectory, "quickstart-loss.png"),
            $"Digits 64→128→10 (ReLU, softmax), Adam: test accuracy {accuracy:P1}",
            history, "cross-entropy loss (log scale)", logY: true, validationLabel: $"validation ({validation.Count} digits held out of the training split)"));

        result.Figures["seconds"] = stopwatch.Elapsed.TotalSeconds;
        console.WriteLine($"{train.Count} training, {validation.Count} validation and {test.Count} test samples, {model.ParameterCount} parameters, {history.Epochs.Count} epochs");
        console.WriteLine($"training loss {last.TrainingLoss:F4}, validation loss {last.ValidationLoss:F4}");
        console.WriteLine($"test accuracy {accuracy:P1} ({stopwatch.Elapsed.TotalSeconds:F1} s)");
        return result;
    }
}
