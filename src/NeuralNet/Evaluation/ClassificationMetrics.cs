using NeuralNet.Tensors;

namespace NeuralNet.Evaluation;

/// <summary>
/// Classification metrics with scikit-learn's definitions: accuracy, precision, recall, F1 (per class
/// and macro / micro / weighted averages), binary ROC AUC and top-k accuracy.
/// </summary>
/// <remarks>
/// <para>
/// Named <c>ClassificationMetrics</c> (with <see cref="RegressionMetrics"/> beside it) after ML.NET's
/// types of the same names, which a .NET user knows; the trainer's own accuracy counting stays internal
/// in <c>NeuralNet.Training</c>.
/// </para>
/// <para>
/// Per class i of a <see cref="ConfusionMatrix"/>: tp = [i, i], predicted = column sum, support = row
/// sum; precision = tp/predicted, recall = tp/support, F1 = 2·precision·recall/(precision + recall),
/// each 0 when its denominator is 0 (scikit-learn's <c>zero_division=0</c>). Arguments come in
/// scikit-learn's order: true values first. Results are <see cref="double"/>, computed in double.
/// </para>
/// </remarks>
public static partial class ClassificationMetrics
{
    /// <summary>The fraction of samples predicted correctly: (1/n)·Σ [yPred = yTrue] (scikit-learn's <c>accuracy_score</c>).</summary>
    /// <param name="yTrue">The true label of each sample.</param>
    /// <param name="yPred">The predicted label of each sample, as many as <paramref name="yTrue"/>.</param>
    /// <returns>The accuracy, in [0, 1].</returns>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths.</exception>
    public static double Accuracy(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred)
    {
        InputChecks.SameLength(yTrue.Length, yPred.Length, nameof(yTrue), nameof(yPred));
        long correct = 0;
        for (int s = 0; s < yTrue.Length; s++)
        {
            if (yTrue[s] == yPred[s])
            {
                correct++;
            }
        }

        return (double)correct / yTrue.Length;
    }

    /// <summary>
    /// The fraction of rows whose predicted class equals the target's: Σᵢ [i, i] / n, with the classes read
    /// as in <see cref="ConfusionMatrix.FromTensors"/> (arg-max, or ≥ 0.5 for one column).
    /// </summary>
    /// <param name="targets">One-hot (or probability) target rows, or one 0/1 value per sample.</param>
    /// <param name="predictions">The model's outputs, the same shape.</param>
    /// <returns>The accuracy, in [0, 1].</returns>
    /// <exception cref="ArgumentException">The shapes differ, there are no rows, or a value is NaN.</exception>
    public static double Accuracy(Tensor targets, Tensor predictions) => Accuracy(ConfusionMatrix.FromTensors(targets, predictions));

    /// <summary>The fraction of samples on the diagonal: Σᵢ [i, i] / Σ all entries.</summary>
    /// <param name="matrix">The counts.</param>
    /// <returns>The accuracy, in [0, 1].</returns>
    public static double Accuracy(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        long correct = 0;
        for (int i = 0; i < matrix.ClassCount; i++)
        {
            correct += matrix.TruePositives(i);
        }

        return (double)correct / matrix.Total;
    }

    /// <summary>Precision tp/(tp + fp), averaged over the classes (scikit-learn's <c>precision_score(average=…, zero_division=0)</c>).</summary>
    /// <param name="yTrue">The true label of each sample.</param>
    /// <param name="yPred">The predicted label of each sample; the classes are the union of both spans' labels.</param>
    /// <param name="averaging">How the per-class values are combined.</param>
    /// <returns>The averaged precision, in [0, 1].</returns>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths.</exception>
    public static double Precision(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, Averaging averaging) =>
        Precision(ConfusionMatrix.FromLabels(yTrue, yPred), averaging);

    /// <summary>Precision tp/(tp + fp) of the matrix's classes, combined by <paramref name="averaging"/>; micro is Σtp/Σpredicted.</summary>
    /// <param name="matrix">The counts.</param>
    /// <param name="averaging">How the per-class values are combined.</param>
    /// <returns>The averaged precision, in [0, 1].</returns>
    public static double Precision(ConfusionMatrix matrix, Averaging averaging) =>
        Average(matrix, averaging, PrecisionPerClass(matrix), MicroPrecision(matrix));

    /// <summary>Precision tp/(tp + fp) of each class, 0 for a class never predicted (scikit-learn's <c>average=None</c>).</summary>
    /// <param name="matrix">The counts.</param>
    /// <returns>One value per class, in the order of <see cref="ConfusionMatrix.Labels"/>.</returns>
    public static IReadOnlyList<double> PrecisionPerClass(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var values = new double[matrix.ClassCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Ratio(matrix.TruePositives(i), matrix.PredictedCount(i));
        }

        return values;
    }

    /// <summary>Recall tp/(tp + fn), averaged over the classes (scikit-learn's <c>recall_score(average=…, zero_division=0)</c>).</summary>
    /// <param name="yTrue">The true label of each sample.</param>
    /// <param name="yPred">The predicted label of each sample; the classes are the union of both spans' labels.</param>
    /// <param name="averaging">How the per-class values are combined.</param>
    /// <returns>The averaged recall, in [0, 1].</returns>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths.</exception>
    public static double Recall(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, Averaging averaging) =>
        Recall(ConfusionMatrix.FromLabels(yTrue, yPred), averaging);

    /// <summary>Recall tp/(tp + fn) of the matrix's classes, combined by <paramref name="averaging"/>; micro is Σtp/Σsupport.</summary>
    /// <param name="matrix">The counts.</param>
    /// <param name="averaging">How the per-class values are combined.</param>
    /// <returns>The averaged recall, in [0, 1].</returns>
    public static double Recall(ConfusionMatrix matrix, Averaging averaging) =>
        Average(matrix, averaging, RecallPerClass(matrix), MicroRecall(matrix));

    /// <summary>Recall tp/(tp + fn) of each class, 0 for a class with no true samples (scikit-learn's <c>average=None</c>).</summary>
    /// <param name="matrix">The counts.</param>
    /// <returns>One value per class, in the order of <see cref="ConfusionMatrix.Labels"/>.</returns>
    public static IReadOnlyList<double> RecallPerClass(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var values = new double[matrix.ClassCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Ratio(matrix.TruePositives(i), matrix.Support(i));
        }

        return values;
    }

    /// <summary>F1 = 2·precision·recall/(precision + recall), averaged over the classes (scikit-learn's <c>f1_score(average=…, zero_division=0)</c>).</summary>
    /// <param name="yTrue">The true label of each sample.</param>
    /// <param name="yPred">The predicted label of each sample; the classes are the union of both spans' labels.</param>
    /// <param name="averaging">How the per-class values are combined; macro F1 is the mean of the per-class F1s.</param>
    /// <returns>The averaged F1 score, in [0, 1].</returns>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths.</exception>
    public static double F1(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, Averaging averaging) =>
        F1(ConfusionMatrix.FromLabels(yTrue, yPred), averaging);

    /// <summary>
    /// F1 = 2·precision·recall/(precision + recall) of the matrix's classes, combined by <paramref name="averaging"/>;
    /// micro is the F1 of micro precision and micro recall.
    /// </summary>
    /// <param name="matrix">The counts.</param>
    /// <param name="averaging">How the per-class values are combined.</param>
    /// <returns>The averaged F1 score, in [0, 1].</returns>
    public static double F1(ConfusionMatrix matrix, Averaging averaging) =>
        Average(matrix, averaging, F1PerClass(matrix), HarmonicMean(MicroPrecision(matrix), MicroRecall(matrix)));

    /// <summary>F1 = 2·precision·recall/(precision + recall) of each class, 0 when precision + recall = 0.</summary>
    /// <param name="matrix">The counts.</param>
    /// <returns>One value per class, in the order of <see cref="ConfusionMatrix.Labels"/>.</returns>
    public static IReadOnlyList<double> F1PerClass(ConfusionMatrix matrix)
    {
        IReadOnlyList<double> precision = PrecisionPerClass(matrix), recall = RecallPerClass(matrix);
        var values = new double[matrix.ClassCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = HarmonicMean(precision[i], recall[i]);
        }

        return values;
    }

    /// <summary>tp/denominator, or 0 when the denominator is 0: scikit-learn's <c>zero_division=0</c>.</summary>
    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    /// <summary>2pr/(p + r) in scikit-learn's order of operations (<c>(1 + β²)·p·r/(β²·p + r)</c>, β = 1), 0 when p + r = 0.</summary>
    private static double HarmonicMean(double precision, double recall) =>
        precision + recall == 0 ? 0 : 2.0 * precision * recall / (precision + recall);

    private static double MicroPrecision(ConfusionMatrix matrix) => Ratio(SumOver(matrix, matrix.TruePositives), matrix.Total);

    private static double MicroRecall(ConfusionMatrix matrix) => Ratio(SumOver(matrix, matrix.TruePositives), SumOver(matrix, matrix.Support));

    private static long SumOver(ConfusionMatrix matrix, Func<int, long> count)
    {
        long sum = 0;
        for (int i = 0; i < matrix.ClassCount; i++)
        {
            sum += count(i);
        }

        return sum;
    }

    private static double Average(ConfusionMatrix matrix, Averaging averaging, IReadOnlyList<double> perClass, double micro)
    {
        switch (averaging)
        {
            case Averaging.Macro:
                return perClass.Sum() / perClass.Count;
            case Averaging.Micro:
                return micro;
            case Averaging.Weighted:
                double weighted = 0;
                long support = 0;
                for (int i = 0; i < perClass.Count; i++)
                {
                    weighted += matrix.Support(i) * perClass[i];
                    support += matrix.Support(i);
                }

                return support == 0 ? 0 : weighted / support;
            default:
                throw new ArgumentOutOfRangeException(nameof(averaging), averaging, "averaging must be Macro, Micro or Weighted.");
        }
    }
}
