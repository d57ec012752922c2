using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Training;

namespace NeuralNet.TrainingProcess;

/// <summary>
/// The one training run both the child process and the test build: digits, a standardising first
/// layer, mini-batches with shuffling, Adam, a checkpoint every epoch.
/// </summary>
public static class CheckpointedRun
{
    /// <summary>The epochs of the whole run.</summary>
    public const int Epochs = 12;

    /// <summary>The training data (80 % of the embedded digits).</summary>
    public static Dataset Train { get; } = Datasets.Digits().Split(0.8, seed: 1).Train;

    /// <summary>A trainer for the run, with fresh weights, optimizer and trainer objects each call.</summary>
    /// <param name="checkpointPath">Where to checkpoint, or null for none.</param>
    /// <param name="epochEnded">Called after each epoch, or null.</param>
    /// <returns>The trainer; its model is <see cref="Trainer.Model"/>.</returns>
    public static Trainer Create(string? checkpointPath, Action<EpochMetrics>? epochEnded = null)
    {
        var model = new Sequential(
            Standardization.Fit(Train.Features),
            new Dense(64, 96, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(96, 10, seed: 2), new Softmax());
        return new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 1e-3f))
        {
            BatchSize = 8, Epochs = Epochs, Seed = 7, CheckpointPath = checkpointPath, EpochEnded = epochEnded,
        };
    }
}
