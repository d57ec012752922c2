namespace NeuralNet.Training;

/// <summary>The record of a <see cref="Trainer.Fit"/> run: one <see cref="EpochMetrics"/> per completed epoch.</summary>
public sealed class TrainingHistory
{
    private readonly List<EpochMetrics> _epochs = [];

    /// <summary>The epochs in order.</summary>
    public IReadOnlyList<EpochMetrics> Epochs => _epochs;

    /// <summary>The epoch whose weights the model holds at the end: the best one when early stopping restored it, else the last.</summary>
    public int BestEpoch { get; internal set; }

    /// <summary>Whether training ended early because the monitored loss stopped improving.</summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>The training loss of each epoch.</summary>
    public IReadOnlyList<float> TrainingLoss => [.. _epochs.Select(e => e.TrainingLoss)];

    /// <summary>The validation loss of each epoch (empty without validation data).</summary>
    public IReadOnlyList<float> ValidationLoss => [.. _epochs.Where(e => e.ValidationLoss.HasValue).Select(e => e.ValidationLoss!.Value)];

    internal void Add(EpochMetrics metrics) => _epochs.Add(metrics);
}
