namespace NeuralNet.Training;

/// <summary>
/// Thrown when the loss or the weights become NaN or infinite during training. The model then
/// holds weights that gave a finite loss — those at the start of <see cref="RestoredEpoch"/> —
/// and the optimizer's state (moment buffers, accumulators) is reset, so a retry with a smaller
/// learning rate starts clean.
/// </summary>
/// <remarks>
/// A divergence shown at step 1 of an epoch (always the case in full-batch training) restores the
/// previous epoch's start, since the current one's weights already give a non-finite loss.
/// </remarks>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public TrainingDivergedException()
        : base("Training diverged: the loss is not finite.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a divergence at an epoch and step, saying nothing about restored weights.</summary>
    /// <param name="epoch">The epoch, starting at 1.</param>
    /// <param name="step">The step within the epoch, starting at 1.</param>
    /// <param name="loss">The loss that was not finite.</param>
    public TrainingDivergedException(int epoch, int step, float loss)
        : base($"Training diverged at epoch {epoch}, step {step}: the loss is {loss}; try a smaller learning rate.")
    {
        Epoch = epoch;
        Step = step;
        Loss = loss;
    }

    /// <summary>
    /// For a divergence after which the weights at the start of <paramref name="restoredEpoch"/> were
    /// restored; <paramref name="loss"/> is null when the update, not the loss, overflowed.
    /// </summary>
    internal static TrainingDivergedException Recovered(int epoch, int step, float? loss, int restoredEpoch, float restoredLoss, string dataScale)
    {
        string cause = loss is float value ? $"the loss is {value}" : "the update made some weights NaN or infinite";
        string check = float.IsFinite(restoredLoss)
            ? $"their training loss is {restoredLoss}"
            : $"but even their training loss is {restoredLoss}";
        return new(
            $"Training diverged at epoch {epoch}, step {step}: {cause}. The weights from the start of epoch {restoredEpoch} were restored "
            + $"({check}) and the optimizer's state was reset; try a smaller learning rate (the data's scale: {dataScale}).",
            epoch,
            step,
            loss ?? float.NaN)
        {
            RestoredEpoch = restoredEpoch,
            RestoredLoss = restoredLoss,
        };
    }

    private TrainingDivergedException(string message, int epoch, int step, float loss)
        : base(message)
    {
        Epoch = epoch;
        Step = step;
        Loss = loss;
    }

    /// <summary>
    /// The epoch whose starting weights the model now holds (1: the weights training started
    /// with); 0 when the exception did not come from <see cref="Trainer.Fit"/>.
    /// </summary>
    public int RestoredEpoch { get; private init; }

    /// <summary>
    /// The mean training loss of the restored weights, measured after restoring them (finite unless
    /// no weights of the last two epoch starts gave a finite loss on the whole training set); NaN
    /// when the exception did not come from <see cref="Trainer.Fit"/>.
    /// </summary>
    public float RestoredLoss { get; private init; } = float.NaN;

    /// <summary>The epoch in which the loss stopped being finite, starting at 1.</summary>
    public int Epoch { get; }

    /// <summary>The step within that epoch, starting at 1.</summary>
    public int Step { get; }

    /// <summary>The loss value (NaN or ±∞; NaN when the weights, not the loss, stopped being finite).</summary>
    public float Loss { get; }
}
