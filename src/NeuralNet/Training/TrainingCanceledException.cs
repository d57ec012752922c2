namespace NeuralNet.Training;

/// <summary>
/// Thrown by <see cref="Trainer.Fit"/> when its token is cancelled: an
/// <see cref="OperationCanceledException"/> that carries the <see cref="History"/> of the epochs
/// that finished before it.
/// </summary>
/// <remarks>
/// The token is checked before every training step and between the 1024-row chunks of a
/// validation pass, so it is seen within one step or one chunk; a step itself is not interrupted.
/// The model keeps the weights reached when the token was seen, which may be part-way through an
/// epoch; the history holds only whole epochs (training and validation both done).
/// </remarks>
public sealed class TrainingCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception with a default message and an empty history.</summary>
    public TrainingCanceledException()
        : this("Training was cancelled.")
    {
    }

    /// <summary>Creates the exception with a message and an empty history.</summary>
    /// <param name="message">What happened.</param>
    public TrainingCanceledException(string message)
        : base(message)
    {
        History = new TrainingHistory();
    }

    /// <summary>Creates the exception with a message, a cause and an empty history.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public TrainingCanceledException(string message, Exception innerException)
        : base(message, innerException)
    {
        History = new TrainingHistory();
    }

    /// <summary>Creates the exception for a run cancelled after the epochs in <paramref name="history"/>.</summary>
    /// <param name="history">The finished epochs.</param>
    /// <param name="cancellationToken">The token that was cancelled.</param>
    public TrainingCanceledException(TrainingHistory history, CancellationToken cancellationToken)
        : base(Describe(history), cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        History = history;
    }

    /// <summary>The epochs that finished before the cancellation.</summary>
    public TrainingHistory History { get; }

    private static string Describe(TrainingHistory? history) =>
        history is null
            ? "Training was cancelled."
            : $"Training was cancelled during epoch {history.Epochs.Count + 1}; History holds the {history.Epochs.Count} finished epochs.";
}
