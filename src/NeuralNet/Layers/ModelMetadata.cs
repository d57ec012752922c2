namespace NeuralNet.Layers;

/// <summary>
/// What a model's inputs and outputs mean, and how it was trained: kept on
/// <see cref="Sequential.Metadata"/> and saved in the same <c>.nnet</c> file as the weights.
/// </summary>
/// <remarks>
/// Every member is optional; a model predicts the same with or without them. The lists are copied
/// when set. <see cref="Serialization.ModelFile.Save"/> checks them against the network (a class
/// name per output, or two for a single sigmoid output; a feature name per input) and refuses a
/// model whose names would mislabel its outputs.
/// </remarks>
/// <example><code>
/// model.Metadata = new ModelMetadata
/// {
///     ClassNames = Datasets.IrisClassNames,
///     FeatureNames = ["sepal length", "sepal width", "petal length", "petal width"],
///     Task = ModelTask.MultiClassClassification,
/// };
/// </code></example>
public sealed record ModelMetadata
{
    /// <summary>The name of each class in output order, or <see langword="null"/> when not known.</summary>
    public IReadOnlyList<string>? ClassNames
    {
        get;
        init => field = Copy(value, nameof(ClassNames));
    }

    /// <summary>The name of each input feature in column order, or <see langword="null"/> when not known.</summary>
    public IReadOnlyList<string>? FeatureNames
    {
        get;
        init => field = Copy(value, nameof(FeatureNames));
    }

    /// <summary>What the outputs are; <see cref="ModelTask.Unspecified"/> by default.</summary>
    public ModelTask Task
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown task kind.");
    }

    /// <summary>How the model was trained, or <see langword="null"/> when not recorded.</summary>
    public TrainingMetadata? Training { get; init; }

    /// <summary>Equal when every member is equal, the name lists compared element by element.</summary>
    /// <param name="other">The other metadata.</param>
    /// <returns>Whether the two say the same.</returns>
    public bool Equals(ModelMetadata? other) =>
        other is not null && Task == other.Task && Equals(Training, other.Training)
        && SameNames(ClassNames, other.ClassNames) && SameNames(FeatureNames, other.FeatureNames);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Task, Training, ClassNames?.Count, FeatureNames?.Count);

    private static bool SameNames(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b, StringComparer.Ordinal);

    private static System.Collections.ObjectModel.ReadOnlyCollection<string>? Copy(IReadOnlyList<string>? names, string property)
    {
        if (names is null)
        {
            return null;
        }

        string[] copy = [.. names];
        int missing = Array.IndexOf(copy, null);
        if (missing >= 0)
        {
            throw new ArgumentException($"{property}[{missing}] is null; every name must be a string.", property);
        }

        return Array.AsReadOnly(copy);
    }
}
