namespace NeuralNet.Training;

/// <summary>What one epoch of training measured.</summary>
/// <param name="Epoch">The epoch number, starting at 1.</param>
/// <param name="TrainingLoss">The mean loss over the epoch's batches, weighted by batch size (measured before each update).</param>
/// <param name="TrainingAccuracy">The share of training samples classified correctly during the epoch; <see langword="null"/> for regression.</param>
/// <param name="ValidationLoss">The loss on the validation data after the epoch, if any was given.</param>
/// <param name="ValidationAccuracy">The accuracy on the validation data after the epoch, for classification with validation data.</param>
/// <param name="Elapsed">The wall-clock time of the epoch, validation included.</param>
public sealed record EpochMetrics(
    int Epoch,
    float TrainingLoss,
    float? TrainingAccuracy,
    float? ValidationLoss,
    float? ValidationAccuracy,
    TimeSpan Elapsed)
{
    /// <summary>
    /// With <see cref="Trainer.ClipGradientNorm"/> set, the mean over the epoch's steps of the global
    /// gradient norm before clipping (what <c>clip_grad_norm_</c> returns); otherwise <see langword="null"/>.
    /// </summary>
    public float? GradientNorm { get; init; }

    /// <summary>
    /// The values of the trainer's <see cref="Trainer.Metrics"/> after this epoch, by metric name
    /// (<c>f1_macro</c>, <c>r2</c>, …), on the validation data or, without any, the training data; empty when none were asked for.
    /// </summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
}
