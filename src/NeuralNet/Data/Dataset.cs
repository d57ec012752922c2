using System.Collections.ObjectModel;
using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Data;

/// <summary>
/// Samples for supervised learning: a feature matrix [samples, features] and a target matrix
/// [samples, outputs] whose rows correspond.
/// </summary>
/// <remarks>
/// <para>
/// Targets are what the network's output should be: real values for regression, 0/1 for binary
/// and multi-label classification, one-hot rows for multi-class classification
/// (<see cref="FromLabels(Tensor, ReadOnlySpan{int}, int)"/> builds them from class indices).
/// </para>
/// <para>
/// A dataset may carry names — of its features, its target columns and its classes — set with an
/// object initializer or read from a CSV header by <see cref="FromCsv(string, string, CsvOptions?)"/>.
/// <see cref="Subset"/>, <see cref="Split"/> and every dataset derived from this one keep them.
/// </para>
/// </remarks>
public sealed partial class Dataset
{
    private IReadOnlyList<string>? _featureNames;
    private IReadOnlyList<string>? _targetNames;
    private IReadOnlyList<string>? _classNames;

    /// <summary>Creates a dataset from features and targets with the same number of rows.</summary>
    /// <param name="features">The inputs, [samples, features].</param>
    /// <param name="targets">The expected outputs, [samples, outputs].</param>
    /// <exception cref="ArgumentException">
    /// A tensor is not a matrix, the row counts differ, there are no samples, or a value is NaN or infinite.
    /// </exception>
    public Dataset(Tensor features, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Rank != 2)
        {
            throw new ArgumentException($"features must be a matrix [samples, features]; got {features.ShapeText}.", nameof(features));
        }

        if (targets.Rank != 2)
        {
            throw new ArgumentException($"targets must be a matrix [samples, outputs]; got {targets.ShapeText}.", nameof(targets));
        }

        if (features.Rows != targets.Rows)
        {
            throw new ArgumentException(
                $"features has {features.Rows} rows but targets has {targets.Rows}; each sample needs one of each.",
                nameof(targets));
        }

        if (features.Rows == 0)
        {
            throw new ArgumentException("A dataset needs at least one sample; features has 0 rows.", nameof(features));
        }

        EnsureFinite(features, nameof(features));
        EnsureFinite(targets, nameof(targets));
        Features = features;
        Targets = targets;
    }

    /// <summary>
    /// Creates a classification dataset whose targets are the one-hot encoding of class labels.
    /// </summary>
    /// <param name="features">The inputs, [samples, features].</param>
    /// <param name="labels">One class index per sample, each in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">The number of classes (≥ 2).</param>
    /// <returns>A dataset with targets of shape [samples, classCount].</returns>
    /// <exception cref="ArgumentException">A label is out of range or the counts differ.</exception>
    public static Dataset FromLabels(Tensor features, ReadOnlySpan<int> labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (labels.Length != features.Rows)
        {
            throw new ArgumentException(
                $"labels has {labels.Length} entries but features has {features.Rows} rows.", nameof(labels));
        }

        var targets = new Tensor(labels.Length, classCount);
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)classCount)
            {
                throw new ArgumentException(
                    $"labels[{i}] is {label}; class labels must be in [0, {classCount - 1}].", nameof(labels));
            }

            targets[i, label] = 1f;
        }

        return new Dataset(features, targets);
    }

    /// <summary>
    /// Creates a classification dataset whose targets are the one-hot encoding of class labels, and
    /// keeps the class names.
    /// </summary>
    /// <param name="features">The inputs, [samples, features].</param>
    /// <param name="labels">One class index per sample, each an index into <paramref name="classNames"/>.</param>
    /// <param name="classNames">The name of each class, in label order (at least two, distinct).</param>
    /// <returns>A dataset with targets of shape [samples, classNames.Count] and <see cref="ClassNames"/> set.</returns>
    /// <exception cref="ArgumentException">A label is out of range, the counts differ, or the names repeat.</exception>
    public static Dataset FromLabels(Tensor features, ReadOnlySpan<int> labels, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        Dataset dataset = FromLabels(features, labels, classNames.Count);
        return new Dataset(dataset.Features, dataset.Targets) { ClassNames = classNames };
    }

    /// <summary>The inputs, [samples, features].</summary>
    public Tensor Features { get; }

    /// <summary>The expected outputs, [samples, outputs].</summary>
    public Tensor Targets { get; }

    /// <summary>The name of each feature column, in column order; null when the data came without names.</summary>
    /// <exception cref="ArgumentException">On init: the count differs from <see cref="FeatureCount"/> or a name is null.</exception>
    public IReadOnlyList<string>? FeatureNames
    {
        get => _featureNames;
        init => _featureNames = CopyNames(value, FeatureCount, alternative: FeatureCount, nameof(FeatureNames));
    }

    /// <summary>
    /// The name of each target column of the source: one per column of <see cref="Targets"/> (several
    /// regression outputs or 0/1 labels), or a single name when the targets are the one-hot encoding of
    /// one class column (<c>species</c>); null when unknown.
    /// </summary>
    /// <exception cref="ArgumentException">On init: neither 1 nor <see cref="TargetCount"/> names, or a name is null.</exception>
    public IReadOnlyList<string>? TargetNames
    {
        get => _targetNames;
        init => _targetNames = CopyNames(value, TargetCount, alternative: 1, nameof(TargetNames));
    }

    /// <summary>
    /// For a classification dataset, the name of each class: of target column <c>i</c> for one-hot
    /// targets, of target value 0 and 1 for a single binary column; null when unknown or not classes.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// On init: the count is not <see cref="TargetCount"/> (2 for a single column), a name is null, or two are equal.
    /// </exception>
    public IReadOnlyList<string>? ClassNames
    {
        get => _classNames;
        init
        {
            int expected = TargetCount == 1 ? 2 : TargetCount;
            ReadOnlyCollection<string>? names = CopyNames(value, expected, alternative: expected, nameof(ClassNames));
            if (names is not null && names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            {
                throw new ArgumentException("ClassNames must be distinct: each names one class.", nameof(ClassNames));
            }

            _classNames = names;
        }
    }

    /// <summary>The number of samples.</summary>
    public int Count => Features.Rows;

    /// <summary>The number of input features per sample.</summary>
    public int FeatureCount => Features.Columns;

    /// <summary>The number of target values per sample.</summary>
    public int TargetCount => Targets.Columns;

    /// <summary>Creates a dataset of the given samples, in the given order.</summary>
    /// <param name="indices">Row indices into this dataset; at least one.</param>
    /// <returns>A new dataset with copies of those rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the dataset.</exception>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        var features = new Tensor(indices.Length, FeatureCount);
        var targets = new Tensor(indices.Length, TargetCount);
        for (int i = 0; i < indices.Length; i++)
        {
            int row = indices[i];
            if ((uint)row >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(indices), row, $"indices[{i}] is outside the dataset of {Count} samples.");
            }

            Features.Row(row).CopyTo(features.Row(i));
            Targets.Row(row).CopyTo(targets.Row(i));
        }

        return WithNamesOf(this, new Dataset(features, targets));
    }

    /// <summary>Throws when a tensor holds NaN or an infinity, naming the first such element.</summary>
    internal static void EnsureFinite(Tensor tensor, string name)
    {
        Span<float> values = tensor.AsSpan();
        int i = ColumnStatistics.IndexOfNonFinite(values);
        if (i >= 0)
        {
            throw new ArgumentException(
                $"{name} holds {values[i]} at row {i / tensor.Columns}, column {i % tensor.Columns}; every value must be finite.",
                name);
        }
    }

    /// <summary>Gives <paramref name="derived"/> the names of <paramref name="source"/> (already checked there).</summary>
    private static Dataset WithNamesOf(Dataset source, Dataset derived)
    {
        derived._featureNames = source._featureNames;
        derived._targetNames = source._targetNames;
        derived._classNames = source._classNames;
        return derived;
    }

    private static ReadOnlyCollection<string>? CopyNames(IReadOnlyList<string>? names, int expected, int alternative, string property)
    {
        if (names is null)
        {
            return null;
        }

        if (names.Count != expected && names.Count != alternative)
        {
            string counts = expected == alternative ? $"{expected}" : $"{alternative} or {expected}";
            throw new ArgumentException($"{property} has {names.Count} names; this dataset needs {counts}.", property);
        }

        string[] copy = [.. names];
        for (int i = 0; i < copy.Length; i++)
        {
            if (copy[i] is null)
            {
                throw new ArgumentException($"{property}[{i}] is null; every name must be a string.", property);
            }
        }

        return Array.AsReadOnly(copy);
    }
}
