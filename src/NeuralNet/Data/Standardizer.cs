using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Data;

/// <summary>
/// Scales each feature column to mean 0 and standard deviation 1, with statistics fitted on one
/// set of samples (the training split) and applied unchanged to any other.
/// </summary>
/// <remarks>
/// <para>
/// <c>z = (x − mean) / std</c> per column, where <c>std</c> is the population standard deviation
/// (dividing by n, not n − 1). A constant column has standard deviation 0; it is given 1 instead,
/// so it maps to 0 rather than to NaN.
/// </para>
/// <para>
/// Statistics are accumulated in double precision (two passes: the mean, then the squared
/// deviations from it), so large offsets such as a column of values near 1000 lose no accuracy.
/// Fit on the training split only: statistics that have seen the test data leak it into training.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var (train, test) = Datasets.Wine().Split(0.8, seed: 1);
/// var scaler = Standardizer.Fit(train.Features);
/// train = scaler.Transform(train);
/// test = scaler.Transform(test);
/// </code>
/// </example>
public sealed class Standardizer
{
    private readonly double[] _means;
    private readonly double[] _deviations;

    private Standardizer(double[] means, double[] deviations)
    {
        _means = means;
        _deviations = deviations;
        Means = Array.AsReadOnly(Array.ConvertAll(means, m => (float)m));
        StandardDeviations = Array.AsReadOnly(Array.ConvertAll(deviations, d => (float)d));
    }

    /// <summary>The mean of each column, as fitted.</summary>
    public IReadOnlyList<float> Means { get; }

    /// <summary>The population standard deviation of each column, as fitted; 1 for a constant column.</summary>
    public IReadOnlyList<float> StandardDeviations { get; }

    /// <summary>The number of feature columns the statistics describe.</summary>
    public int FeatureCount => _means.Length;

    /// <summary>Computes the mean and standard deviation of each column.</summary>
    /// <param name="features">The samples to fit on, [samples, features], at least one row, all values finite.</param>
    /// <returns>A standardizer for matrices with the same number of columns.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="features"/> is not a matrix, has no rows, or holds NaN or an infinity.
    /// </exception>
    public static Standardizer Fit(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        EnsureMatrix(features);
        if (features.Rows == 0)
        {
            throw new ArgumentException("Cannot fit a standardizer on 0 rows; features needs at least one sample.", nameof(features));
        }

        Dataset.EnsureFinite(features, nameof(features));
        int rows = features.Rows, columns = features.Columns;
        double[] means = new double[columns];
        double[] deviations = new double[columns];
        for (int r = 0; r < rows; r++)
        {
            ColumnStatistics.AddRow(features.Row(r), means);
        }

        for (int c = 0; c < columns; c++)
        {
            means[c] /= rows;
        }

        for (int r = 0; r < rows; r++)
        {
            ColumnStatistics.AddSquaredDeviations(features.Row(r), means, deviations);
        }

        for (int c = 0; c < columns; c++)
        {
            double std = Math.Sqrt(deviations[c] / rows);

            // A constant column would divide 0 by 0; with 1 it maps to 0, carrying no signal, as it should.
            deviations[c] = std > 0 ? std : 1;
        }

        return new Standardizer(means, deviations);
    }

    /// <summary>Standardises a feature matrix with the fitted statistics.</summary>
    /// <param name="features">A matrix [samples, <see cref="FeatureCount"/>] of finite values; left unchanged.</param>
    /// <returns>A new matrix of the same shape holding <c>(x − mean) / std</c> per column.</returns>
    /// <exception cref="ArgumentException">
    /// The column count differs from the fitted one, a value is NaN or infinite, or a result overflows a float.
    /// </exception>
    public Tensor Transform(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        EnsureMatrix(features);
        if (features.Columns != FeatureCount)
        {
            throw new ArgumentException(
                $"features has {features.Columns} columns; the standardizer was fitted on {FeatureCount}.", nameof(features));
        }

        Dataset.EnsureFinite(features, nameof(features));
        var result = new Tensor(features.Rows, FeatureCount);
        for (int r = 0; r < features.Rows; r++)
        {
            Span<float> source = features.Row(r);
            int c = ColumnStatistics.Standardize(source, _means, _deviations, result.Row(r));
            if (c >= 0)
            {
                // Only a value wildly outside the fitted range over a tiny deviation gets here.
                float z = (float)((source[c] - _means[c]) / _deviations[c]);
                throw new ArgumentException(
                    $"features[{r}, {c}] = {source[c]} standardises to {z} (mean {_means[c]}, deviation {_deviations[c]}); the result must be a finite float.",
                    nameof(features));
            }
        }

        return result;
    }

    /// <summary>Standardises the features of a dataset; the targets are copied unchanged.</summary>
    /// <param name="dataset">A dataset with <see cref="FeatureCount"/> features; left unchanged.</param>
    /// <returns>A new dataset with standardised features and a copy of the targets.</returns>
    /// <exception cref="ArgumentException">The dataset's feature count differs from the fitted one.</exception>
    public Dataset Transform(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.FeatureCount != FeatureCount)
        {
            throw new ArgumentException(
                $"dataset has {dataset.FeatureCount} features; the standardizer was fitted on {FeatureCount}.", nameof(dataset));
        }

        return new Dataset(Transform(dataset.Features), dataset.Targets.Clone());
    }

    private static void EnsureMatrix(Tensor features)
    {
        if (features.Rank != 2)
        {
            throw new ArgumentException(
                $"features must be a matrix [samples, features]; got {features.ShapeText}.", nameof(features));
        }
    }
}
