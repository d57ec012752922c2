namespace NeuralNet.Layers;

/// <summary>How a model was trained: when, for how long, how well it ended, and with which library.</summary>
/// <remarks>
/// Informational only: nothing in the library reads it back to change behaviour. It is saved in the
/// optional <c>meta</c> section of a <c>.nnet</c> file. Every member is optional.
/// </remarks>
/// <example><code>
/// model.Metadata = model.Metadata with
/// {
///     Training = new TrainingMetadata
///     {
///         TrainedAt = DateTimeOffset.UtcNow, Epochs = 30, LibraryVersion = "1.0.0",
///         FinalMetrics = new Dictionary&lt;string, double&gt; { ["loss"] = 0.05, ["accuracy"] = 0.97 },
///     },
/// };
/// </code></example>
public sealed record TrainingMetadata
{
    /// <summary>When training finished; stored to the millisecond, as UTC.</summary>
    public DateTimeOffset? TrainedAt { get; init; }

    /// <summary>The number of epochs run.</summary>
    public int? Epochs
    {
        get;
        init => field = value is < 0 ? throw new ArgumentOutOfRangeException(nameof(value), value, "Epochs cannot be negative.") : value;
    }

    /// <summary>The version of the library that trained the model, such as <c>1.2.0</c>.</summary>
    public string? LibraryVersion { get; init; }

    /// <summary>The last epoch's metrics by name (for instance <c>loss</c>, <c>accuracy</c>, <c>validation_loss</c>), in a stable order.</summary>
    /// <remarks>The dictionary is copied when set, so later changes to the caller's dictionary do not reach the model.</remarks>
    public IReadOnlyDictionary<string, double> FinalMetrics
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            var sorted = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, double> metric in value)
            {
                sorted.Add(metric.Key, metric.Value);
            }

            field = sorted.AsReadOnly();
        }
    } = new SortedDictionary<string, double>().AsReadOnly();

    /// <summary>Equal when every member is equal, the metrics compared by name and value.</summary>
    /// <param name="other">The other metadata.</param>
    /// <returns>Whether the two describe the same training.</returns>
    public bool Equals(TrainingMetadata? other) =>
        other is not null && TrainedAt == other.TrainedAt && Epochs == other.Epochs && LibraryVersion == other.LibraryVersion
        && FinalMetrics.Count == other.FinalMetrics.Count
        && FinalMetrics.All(m => other.FinalMetrics.TryGetValue(m.Key, out double v) && v.Equals(m.Value));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TrainedAt, Epochs, LibraryVersion, FinalMetrics.Count);
}
