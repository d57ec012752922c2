using NeuralNet.Data;
using NeuralNet.Training;

namespace NeuralNet.Samples.Shared;

/// <summary>Runs a <see cref="Trainer"/> under a <see cref="SampleConsole"/> progress bar, one unit per epoch.</summary>
internal static class ProgressTraining
{
    /// <summary>
    /// Creates a trainer with <paramref name="create"/> (which must set its <see cref="Trainer.Progress"/>
    /// to the reporter it is given, since that property is init-only) and fits it, showing the epoch and
    /// the latest losses in the bar.
    /// </summary>
    /// <param name="console">Where the progress goes.</param>
    /// <param name="title">The bar's title, e.g. "digits".</param>
    /// <param name="epochs">The trainer's epoch count (the bar's length).</param>
    /// <param name="create">Builds the trainer: <c>reporter =&gt; new Trainer(...) { Epochs = epochs, Progress = reporter }</c>.</param>
    /// <param name="train">The training data.</param>
    /// <param name="validation">Optional validation data.</param>
    /// <returns>The trainer and its history.</returns>
    public static (Trainer Trainer, TrainingHistory History) Fit(
        SampleConsole console, string title, int epochs,
        Func<IProgress<EpochMetrics>, Trainer> create, Dataset train, Dataset? validation = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(create);
        return console.Progress(title, epochs, report =>
        {
            var reporter = new SynchronousProgress<EpochMetrics>(e => report(e.Epoch, Describe(e)));
            Trainer trainer = create(reporter);
            TrainingHistory history = trainer.Fit(train, validation);
            return (trainer, history);
        });
    }

    private static string Describe(EpochMetrics e) =>
        e.ValidationLoss is { } validation
            ? $"epoch {e.Epoch}: loss {e.TrainingLoss:F4}, validation {validation:F4}"
            : $"epoch {e.Epoch}: loss {e.TrainingLoss:F4}";
}
