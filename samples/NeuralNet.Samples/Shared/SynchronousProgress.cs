namespace NeuralNet.Samples.Shared;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its action at once, on the reporting thread.
/// </summary>
/// <remarks>
/// The trainer reports each epoch synchronously from its own thread; <see cref="Progress{T}"/> would
/// post to a synchronisation context instead, so a progress bar would move late (or after the run
/// ends) and a measurement taken in the callback would see later weights than the epoch it names.
/// </remarks>
/// <typeparam name="T">What is reported, e.g. <see cref="NeuralNet.Training.EpochMetrics"/>.</typeparam>
/// <param name="report">Called with each value, before <see cref="Report"/> returns.</param>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc/>
    public void Report(T value) => report(value);
}
