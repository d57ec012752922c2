namespace NeuralNet.Tests.Training;

/// <summary>
/// Records every report on the calling thread, as it happens. <see cref="Progress{T}"/> would post
/// reports to a synchronization context or the thread pool, so a test could not count them when
/// <c>Fit</c> returns.
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T>? onReport = null) : IProgress<T>
{
    private readonly List<T> _reports = [];

    public IReadOnlyList<T> Reports => _reports;

    public void Report(T value)
    {
        _reports.Add(value);
        onReport?.Invoke(value);
    }
}
