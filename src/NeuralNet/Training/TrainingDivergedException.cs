namespace NeuralNet.Training;

/// <summary>
/// Thrown when the loss becomes NaN or infinite during training. The model's weights are those
/// from the start of the epoch in which it happened, the last ones known to be good.
/// </summary>
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

    /// <summary>Creates the exception for a divergence at an epoch and step.</summary>
    /// <param name="epoch">The epoch, starting at 1.</param>
    /// <param name="step">The step within the epoch, starting at 1.</param>
    /// <param name="loss">The loss that was not finite.</param>
    public TrainingDivergedException(int epoch, int step, float loss)
        : base($"Training diverged at epoch {epoch}, step {step}: the loss is {loss}. "
            + $"The weights from the start of epoch {epoch} were restored; try a smaller learning rate.")
    {
        Epoch = epoch;
        Step = step;
        Loss = loss;
    }

    /// <summary>For weights that became NaN or infinite in the last step of an epoch, while its loss was still finite.</summary>
    internal static TrainingDivergedException NonFiniteWeights(int epoch, int step) =>
        new($"Training diverged at epoch {epoch}, step {step}: the update made some weights NaN or infinite. "
            + $"The weights from the start of epoch {epoch} were restored; try a smaller learning rate.", epoch, step, float.NaN);

    private TrainingDivergedException(string message, int epoch, int step, float loss)
        : base(message)
    {
        Epoch = epoch;
        Step = step;
        Loss = loss;
    }

    /// <summary>The epoch in which the loss stopped being finite, starting at 1.</summary>
    public int Epoch { get; }

    /// <summary>The step within that epoch, starting at 1.</summary>
    public int Step { get; }

    /// <summary>The loss value (NaN or ±∞; NaN when the weights, not the loss, stopped being finite).</summary>
    public float Loss { get; }
}
