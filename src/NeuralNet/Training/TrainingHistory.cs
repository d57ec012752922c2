namespace NeuralNet.Training;

/// <summary>The record of a <see cref="Trainer.Fit"/> run: one <see cref="EpochMetrics"/> per completed epoch.</summary>
public sealed class TrainingHistory
{
    private readonly List<EpochMetrics> _epochs = [];
    private readonly List<float> _trainingLoss = [];
    private readonly List<float> _validationLoss = [];

    /// <summary>Creates an empty history; <see cref="Trainer.Fit"/> fills it.</summary>
    internal TrainingHistory()
    {
        Epochs = _epochs.AsReadOnly();
        TrainingLoss = _trainingLoss.AsReadOnly();
        ValidationLoss = _validationLoss.AsReadOnly();
    }

    /// <summary>The epochs in order.</summary>
    public IReadOnlyList<EpochMetrics> Epochs { get; }

    /// <summary>The epoch whose weights the model holds at the end: the best one when early stopping restored it, else the last.</summary>
    public int BestEpoch { get; internal set; }

    /// <summary>Whether training ended early because the monitored loss stopped improving.</summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>The training loss of each epoch.</summary>
    public IReadOnlyList<float> TrainingLoss { get; }

    /// <summary>The validation loss of each epoch (empty without validation data).</summary>
    public IReadOnlyList<float> ValidationLoss { get; }

    internal void Add(EpochMetrics metrics)
    {
        _epochs.Add(metrics);
        _trainingLoss.Add(metrics.TrainingLoss);
        if (metrics.ValidationLoss is float validation)
        {
            _validationLoss.Add(validation);
        }
    }
}
