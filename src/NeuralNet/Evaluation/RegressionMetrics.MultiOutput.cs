using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuralNet.Tensors;

namespace NeuralNet.Evaluation;

/// <content>
/// The metrics of tensors and two-dimensional arrays: a vector is one output, a [samples, outputs]
/// matrix has one output per column, averaged uniformly or returned per column.
/// </content>
public static partial class RegressionMetrics
{
    /// <summary>
    /// The mean absolute error (1/n)·Σ |y − ŷ| of each output column, averaged uniformly over the columns
    /// (scikit-learn's <c>mean_absolute_error</c>, <c>multioutput="uniform_average"</c>).
    /// </summary>
    /// <param name="yTrue">The true values: [samples] or [samples, outputs].</param>
    /// <param name="yPred">The predictions, the same shape.</param>
    /// <returns>The mean over the outputs of the per-output values.</returns>
    /// <exception cref="ArgumentException">The shapes differ, there are no values, or a value is NaN or infinite.</exception>
    public static double MeanAbsoluteError(Tensor yTrue, Tensor yPred) => Mean(MeanAbsoluteErrorPerOutput(yTrue, yPred));

    /// <inheritdoc cref="MeanAbsoluteError(Tensor, Tensor)"/>
    public static double MeanAbsoluteError(double[,] yTrue, double[,] yPred) => Mean(MeanAbsoluteErrorPerOutput(yTrue, yPred));

    /// <summary>
    /// The mean absolute error (1/n)·Σ |y − ŷ| of each output column
    /// (scikit-learn's <c>mean_absolute_error</c>, <c>multioutput="raw_values"</c>).
    /// </summary>
    /// <param name="yTrue">The true values: [samples] (one output) or [samples, outputs].</param>
    /// <param name="yPred">The predictions, the same shape.</param>
    /// <returns>One value per output column.</returns>
    /// <exception cref="ArgumentException">The shapes differ, there are no values, or a value is NaN or infinite.</exception>
    public static IReadOnlyList<double> MeanAbsoluteErrorPerOutput(Tensor yTrue, Tensor yPred) =>
        PerOutput(yTrue, yPred, Metric.MeanAbsoluteError);

    /// <inheritdoc cref="MeanAbsoluteErrorPerOutput(Tensor, Tensor)"/>
    public static IReadOnlyList<double> MeanAbsoluteErrorPerOutput(double[,] yTrue, double[,] yPred) =>
        PerOutput(yTrue, yPred, Metric.MeanAbsoluteError);

    /// <summary>
    /// The mean squared error (1/n)·Σ (y − ŷ)² of each output column, averaged uniformly over the columns
    /// (scikit-learn's <c>mean_squared_error</c>, <c>multioutput="uniform_average"</c>).
    /// </summary>
    /// <param name="yTrue">The true values: [samples] or [samples, outputs].</param>
    /// <param name="yPred">The predictions, the same shape.</param>
    /// <returns>The mean over the outputs of the per-output values.</returns>
    /// <exception cref="ArgumentException">The shapes differ, there are no values, or a value is NaN or infinite.</exception>
    public static double MeanSquaredError(Tensor yTrue, Tensor yPred) => Mean(MeanSquaredErrorPerOutput(yTrue, yPred));

    /// <inheritdoc cref="MeanSquaredError(Tensor, Tensor)"/>
    public static double MeanSquaredError(double[,] yTrue, double[,] yPred) => Mean(MeanSquaredErrorPerOutput(yTrue, yPred));

    /// <summary>
    /// The mean squared error (1/n)·Σ (y − ŷ)² of each output column
    /// (scikit-learn's <c>mean_squared_error</c>, <c>multioutput="raw_values"</c>).
    /// </summary>
    /// <param name="yTrue">The true values: [samples] (one output) or [samples, outputs].</param>
    /// <param name="yPred">The predictions, the same shape.</param>
    /// <returns>One value per output column.</returns>
    /// <exception cref="ArgumentException">The shapes differ, there are no values, or a value is NaN or infinite.</exception>
    public static IReadOnlyList<double> MeanSquaredErrorPerOutput(Tensor yTrue, Tensor yPred) =>
        PerOutput(yTrue, yPred, Metric.MeanSquaredError);

    /// <inheritdoc cref="MeanSquaredErrorPerOutput(Tensor, Tensor)"/>
    public static IReadOnlyList<double> MeanSquaredErrorPerOutput(double[,] yTrue, double[,] yPred) =>
        PerOutput(yTrue, yPred, Metric.MeanSquaredError);

    /// <summary>
    /// The root mean squared error √((1/n)·Σ (y − ŷ)²) of each output column, averaged uniformly over the columns
    /// (scikit-learn's <c>mean_squared_error(squared=False)</c>, <c>multioutput="uniform_average"</c>).
    /// </summary>
    /// <param name="yTrue">The true values: [samples] or [samples, outputs].</param>
    /// <param name="yPred">The predictions, the same shape.</param>
    /// <returns>The mean over the outputs of the per-output values.</returns>
    /// <exception cref="ArgumentException">The shapes differ, there are no values, or a value is NaN or infinite.</exception>
    public static double RootMeanSquaredError(Tensor yTrue, Tensor yPred) => Mean(RootMeanSquaredErrorPerOutput(yTrue, yPred));

    /// <inheritdoc cref="RootMeanSquaredError(Tensor, Tensor)"/>
    public static double RootMeanSquaredError(double[,] yTrue, double[,] yPred) => Mean(RootMeanSquaredErrorPerOutput(yTrue, yPred));

    /// <summary>
    /// The root mean squared error √((1/n)·Σ (y − ŷ)²) of each output column
    /// (scikit-learn's <c>mean_squared_error(squared=False)</c>, <c>multioutput="raw_values"</c>).
    /// </summary>
    /// <param name="yTrue">The true values: [samples] (one output) or [samples, outputs].</param>
    /// <param name="yPred">The predictions, the same shape.</param>
    /// <returns>One value per output column.</returns>
    /// <exception cref="ArgumentException">The shapes differ, there are no values, or a value is NaN or infinite.</exception>
    public static IReadOnlyList<double> RootMeanSquaredErrorPerOutput(Tensor yTrue, Tensor yPred) =>
        PerOutput(yTrue, yPred, Metric.RootMeanSquaredError);

    /// <inheritdoc cref="RootMeanSquaredErrorPerOutput(Tensor, Tensor)"/>
    public static IReadOnlyList<double> RootMeanSquaredErrorPerOutput(double[,] yTrue, double[,] yPred) =>
        PerOutput(yTrue, yPred, Metric.RootMeanSquaredError);

    /// <summary>
    /// The R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)² (1 or 0 for a constant column, see <see cref="RSquared(ReadOnlySpan{float}, ReadOnlySpan{float})"/>) of each output column, averaged uniformly over the columns
    /// (scikit-learn's <c>r2_score</c>, <c>multioutput="uniform_average"</c>).
    /// </summary>
    /// <param name="yTrue">The true values: [samples] or [samples, outputs].</param>
    /// <param name="yPred">The predictions, the same shape.</param>
    /// <returns>The mean over the outputs of the per-output values.</returns>
    /// <exception cref="ArgumentException">The shapes differ, there are no values, or a value is NaN or infinite.</exception>
    public static double RSquared(Tensor yTrue, Tensor yPred) => Mean(RSquaredPerOutput(yTrue, yPred));

    /// <inheritdoc cref="RSquared(Tensor, Tensor)"/>
    public static double RSquared(double[,] yTrue, double[,] yPred) => Mean(RSquaredPerOutput(yTrue, yPred));

    /// <summary>
    /// The R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)² (1 or 0 for a constant column, see <see cref="RSquared(ReadOnlySpan{float}, ReadOnlySpan{float})"/>) of each output column
    /// (scikit-learn's <c>r2_score</c>, <c>multioutput="raw_values"</c>).
    /// </summary>
    /// <param name="yTrue">The true values: [samples] (one output) or [samples, outputs].</param>
    /// <param name="yPred">The predictions, the same shape.</param>
    /// <returns>One value per output column.</returns>
    /// <exception cref="ArgumentException">The shapes differ, there are no values, or a value is NaN or infinite.</exception>
    public static IReadOnlyList<double> RSquaredPerOutput(Tensor yTrue, Tensor yPred) =>
        PerOutput(yTrue, yPred, Metric.RSquared);

    /// <inheritdoc cref="RSquaredPerOutput(Tensor, Tensor)"/>
    public static IReadOnlyList<double> RSquaredPerOutput(double[,] yTrue, double[,] yPred) =>
        PerOutput(yTrue, yPred, Metric.RSquared);

    private static double[] PerOutput(Tensor yTrue, Tensor yPred, Metric metric)
    {
        InputChecks.SameShape(yTrue, yPred, nameof(yTrue), nameof(yPred));
        int outputs = yTrue.Rank == 1 ? 1 : yTrue.Columns;
        return PerOutput<float>(yTrue.AsSpan(), yPred.AsSpan(), outputs, metric);
    }

    private static double[] PerOutput(double[,] yTrue, double[,] yPred, Metric metric)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yPred.GetLength(0) != yTrue.GetLength(0) || yPred.GetLength(1) != yTrue.GetLength(1))
        {
            throw new ArgumentException(
                $"yPred is {yPred.GetLength(0)} × {yPred.GetLength(1)}; yTrue is {yTrue.GetLength(0)} × {yTrue.GetLength(1)}, and they must match.",
                nameof(yPred));
        }

        if (yTrue.Length == 0)
        {
            throw new ArgumentException("yTrue is empty: a metric of no samples is undefined.", nameof(yTrue));
        }

        return PerOutput(Flat(yTrue), Flat(yPred), yTrue.GetLength(1), metric);
    }

    /// <summary>A rectangular array's elements in row-major order, without copying them.</summary>
    private static ReadOnlySpan<double> Flat(double[,] array) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length);

    private static double Mean(IReadOnlyList<double> values)
    {
        double sum = 0;
        foreach (double value in values)
        {
            sum += value;
        }

        return sum / values.Count;
    }
}
