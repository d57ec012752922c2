using System.Numerics;

namespace NeuralNet.Evaluation;

/// <summary>
/// Regression metrics with scikit-learn's definitions: mean absolute error, mean squared error, root
/// mean squared error and the coefficient of determination R², for one output or several.
/// </summary>
/// <remarks>
/// <para>
/// Named after ML.NET's <c>RegressionMetrics</c>, whose properties have these same names
/// (<c>MeanAbsoluteError</c>, <c>MeanSquaredError</c>, <c>RootMeanSquaredError</c>, <c>RSquared</c>);
/// the methods here are scikit-learn's <c>mean_absolute_error</c>, <c>mean_squared_error</c>,
/// <c>mean_squared_error(squared=False)</c> and <c>r2_score</c>. Arguments come in scikit-learn's order:
/// true values first. Sums are taken in <see cref="double"/>, whatever the input type.
/// </para>
/// <para>
/// With several outputs (a [samples, outputs] tensor or array) every metric is computed per output
/// column and the result is their uniform (unweighted) mean, scikit-learn's
/// <c>multioutput="uniform_average"</c>; the <c>…PerOutput</c> methods give the column values
/// (<c>multioutput="raw_values"</c>). The multi-output RMSE is therefore the mean of the columns' RMSEs,
/// not √(mean MSE).
/// </para>
/// </remarks>
public static partial class RegressionMetrics
{
    /// <summary>MAE = (1/n)·Σ |y − ŷ| (scikit-learn's <c>mean_absolute_error</c>).</summary>
    /// <param name="yTrue">The true values.</param>
    /// <param name="yPred">The predictions, as many as <paramref name="yTrue"/>.</param>
    /// <returns>The mean absolute error, ≥ 0.</returns>
    /// <exception cref="ArgumentException">The spans are empty, of different lengths, or hold a NaN or infinity.</exception>
    public static double MeanAbsoluteError(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred) =>
        Uniform(yTrue, yPred, outputs: 1, Metric.MeanAbsoluteError);

    /// <inheritdoc cref="MeanAbsoluteError(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
    public static double MeanAbsoluteError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred) =>
        Uniform(yTrue, yPred, outputs: 1, Metric.MeanAbsoluteError);

    /// <summary>MSE = (1/n)·Σ (y − ŷ)² (scikit-learn's <c>mean_squared_error</c>).</summary>
    /// <param name="yTrue">The true values.</param>
    /// <param name="yPred">The predictions, as many as <paramref name="yTrue"/>.</param>
    /// <returns>The mean squared error, ≥ 0.</returns>
    /// <exception cref="ArgumentException">The spans are empty, of different lengths, or hold a NaN or infinity.</exception>
    public static double MeanSquaredError(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred) =>
        Uniform(yTrue, yPred, outputs: 1, Metric.MeanSquaredError);

    /// <inheritdoc cref="MeanSquaredError(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
    public static double MeanSquaredError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred) =>
        Uniform(yTrue, yPred, outputs: 1, Metric.MeanSquaredError);

    /// <summary>RMSE = √((1/n)·Σ (y − ŷ)²) (scikit-learn's <c>mean_squared_error(squared=False)</c>).</summary>
    /// <param name="yTrue">The true values.</param>
    /// <param name="yPred">The predictions, as many as <paramref name="yTrue"/>.</param>
    /// <returns>The root mean squared error, ≥ 0, in the units of the targets.</returns>
    /// <exception cref="ArgumentException">The spans are empty, of different lengths, or hold a NaN or infinity.</exception>
    public static double RootMeanSquaredError(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred) =>
        Uniform(yTrue, yPred, outputs: 1, Metric.RootMeanSquaredError);

    /// <inheritdoc cref="RootMeanSquaredError(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
    public static double RootMeanSquaredError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred) =>
        Uniform(yTrue, yPred, outputs: 1, Metric.RootMeanSquaredError);

    /// <summary>
    /// R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², the coefficient of determination (scikit-learn's <c>r2_score</c>):
    /// 1 for perfect predictions, 0 for always predicting the mean, negative for worse.
    /// </summary>
    /// <remarks>
    /// Constant true values make the denominator 0; then R² is 1 if the predictions are exact and 0
    /// otherwise (scikit-learn's default <c>force_finite=True</c>). "Constant" is decided on the values
    /// themselves (all equal), not on a rounded Σ(y − ȳ)², which for values like 0.1, 0.1, 0.1 is a
    /// tiny non-zero number that would give a huge negative R². Fewer than two samples is an error here,
    /// where scikit-learn warns and returns NaN.
    /// </remarks>
    /// <param name="yTrue">The true values, at least two.</param>
    /// <param name="yPred">The predictions, as many as <paramref name="yTrue"/>.</param>
    /// <returns>R², at most 1.</returns>
    /// <exception cref="ArgumentException">The spans have fewer than two values, different lengths, or hold a NaN or infinity.</exception>
    public static double RSquared(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred) =>
        Uniform(yTrue, yPred, outputs: 1, Metric.RSquared);

    /// <inheritdoc cref="RSquared(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
    public static double RSquared(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred) =>
        Uniform(yTrue, yPred, outputs: 1, Metric.RSquared);

    private enum Metric
    {
        MeanAbsoluteError,
        MeanSquaredError,
        RootMeanSquaredError,
        RSquared,
    }

    /// <summary>The uniform average of the per-column values.</summary>
    private static double Uniform<T>(ReadOnlySpan<T> yTrue, ReadOnlySpan<T> yPred, int outputs, Metric metric)
        where T : IFloatingPointIeee754<T>
    {
        double[] columns = PerOutput(yTrue, yPred, outputs, metric);
        double sum = 0;
        foreach (double value in columns)
        {
            sum += value;
        }

        return sum / columns.Length;
    }

    /// <summary>The metric of each column of row-major [samples, outputs] data, sums in double.</summary>
    private static double[] PerOutput<T>(ReadOnlySpan<T> yTrue, ReadOnlySpan<T> yPred, int outputs, Metric metric)
        where T : IFloatingPointIeee754<T>
    {
        InputChecks.SameLength(yTrue.Length, yPred.Length, nameof(yTrue), nameof(yPred));
        InputChecks.Finite(yTrue, nameof(yTrue));
        InputChecks.Finite(yPred, nameof(yPred));
        int samples = yTrue.Length / outputs;
        if (metric == Metric.RSquared && samples < 2)
        {
            throw new ArgumentException($"yTrue has {samples} sample; R² needs at least 2 (its denominator is the spread of the true values).", nameof(yTrue));
        }

        var result = new double[outputs];
        for (int c = 0; c < outputs; c++)
        {
            double absolute = 0, squared = 0, sumTrue = 0;
            bool constant = true;
            double first = double.CreateTruncating(yTrue[c]);
            for (int s = 0; s < samples; s++)
            {
                double t = double.CreateTruncating(yTrue[(s * outputs) + c]);
                double residual = t - double.CreateTruncating(yPred[(s * outputs) + c]);
                absolute += Math.Abs(residual);
                squared += residual * residual;
                sumTrue += t;
                constant &= t == first;
            }

            result[c] = metric switch
            {
                Metric.MeanAbsoluteError => absolute / samples,
                Metric.MeanSquaredError => squared / samples,
                Metric.RootMeanSquaredError => Math.Sqrt(squared / samples),
                _ => RSquaredOfColumn(yTrue, c, outputs, squared, sumTrue / samples, constant),
            };
        }

        return result;
    }

    private static double RSquaredOfColumn<T>(ReadOnlySpan<T> yTrue, int column, int outputs, double residualSquares, double mean, bool constant)
        where T : IFloatingPointIeee754<T>
    {
        if (constant)
        {
            return residualSquares == 0 ? 1.0 : 0.0;
        }

        double totalSquares = 0;
        for (int i = column; i < yTrue.Length; i += outputs)
        {
            double deviation = double.CreateTruncating(yTrue[i]) - mean;
            totalSquares += deviation * deviation;
        }

        return 1 - (residualSquares / totalSquares);
    }
}
