using NeuralNet.Tensors;

namespace NeuralNet.Data;

/// <summary>
/// Samples for supervised learning: a feature matrix [samples, features] and a target matrix
/// [samples, outputs] whose rows correspond.
/// </summary>
/// <remarks>
/// Targets are what the network's output should be: real values for regression, 0/1 for binary
/// and multi-label classification, one-hot rows for multi-class classification
/// (<see cref="FromLabels"/> builds them from class indices).
/// </remarks>
public sealed class Dataset
{
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

    /// <summary>The inputs, [samples, features].</summary>
    public Tensor Features { get; }

    /// <summary>The expected outputs, [samples, outputs].</summary>
    public Tensor Targets { get; }

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

        return new Dataset(features, targets);
    }

    /// <summary>
    /// Shuffles the samples with a seeded generator and splits them into a training part and the rest.
    /// </summary>
    /// <param name="trainFraction">The share of samples in the first part, strictly between 0 and 1.</param>
    /// <param name="seed">The seed of the shuffle; the same seed gives the same split.</param>
    /// <returns>The training part and the held-out part, each with at least one sample.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fraction leaves a part empty.</exception>
    public (Dataset Train, Dataset Test) Split(double trainFraction, int seed)
    {
        if (!(trainFraction > 0 && trainFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "trainFraction must be strictly between 0 and 1.");
        }

        int trainCount = (int)Math.Round(Count * trainFraction);
        if (trainCount == 0 || trainCount == Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(trainFraction), trainFraction, $"Splitting {Count} samples at {trainFraction} leaves one part empty.");
        }

        int[] order = new int[Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        new Random(seed).Shuffle(order);
        return (Subset(order.AsSpan(0, trainCount)), Subset(order.AsSpan(trainCount)));
    }

    /// <summary>Throws when a tensor holds NaN or an infinity, naming the first such element.</summary>
    internal static void EnsureFinite(Tensor tensor, string name)
    {
        Span<float> values = tensor.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"{name} holds {values[i]} at row {i / tensor.Columns}, column {i % tensor.Columns}; every value must be finite.",
                    name);
            }
        }
    }
}
