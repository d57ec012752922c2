using NeuralNet.Tensors;

namespace NeuralNet.Evaluation;

/// <summary>
/// Counts of (true class, predicted class) pairs: entry [i, j] is the number of samples whose true
/// label is <c>Labels[i]</c> and whose predicted label is <c>Labels[j]</c>, as scikit-learn's
/// <c>confusion_matrix</c> (rows are truth, columns are predictions).
/// </summary>
/// <remarks>
/// Precision, recall and F1 in <see cref="ClassificationMetrics"/> are computed from these counts:
/// for class i, tp = [i, i], predicted = column sum, support = row sum. Build one with
/// <see cref="FromLabels(ReadOnlySpan{int}, ReadOnlySpan{int})"/> (labels as scikit-learn finds them),
/// <see cref="FromLabels(ReadOnlySpan{int}, ReadOnlySpan{int}, int)"/> (classes 0 … n − 1) or
/// <see cref="FromTensors"/> (one-hot targets and probability rows from a model).
/// </remarks>
public sealed class ConfusionMatrix
{
    private readonly int[] _labels;
    private readonly long[] _counts; // row-major [true, predicted]

    private ConfusionMatrix(int[] labels)
    {
        _labels = labels;
        _counts = new long[labels.Length * labels.Length];
        Labels = Array.AsReadOnly(labels);
    }

    /// <summary>The class labels the rows and columns stand for, in increasing order.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>The number of classes: the matrix is <see cref="ClassCount"/> × <see cref="ClassCount"/>.</summary>
    public int ClassCount => _labels.Length;

    /// <summary>The number of samples counted: the sum of all entries.</summary>
    public long Total { get; private set; }

    /// <summary>The number of samples of true class index <paramref name="trueIndex"/> predicted as class index <paramref name="predictedIndex"/>.</summary>
    /// <param name="trueIndex">Row: an index into <see cref="Labels"/>.</param>
    /// <param name="predictedIndex">Column: an index into <see cref="Labels"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside 0 … <see cref="ClassCount"/> − 1.</exception>
    public long this[int trueIndex, int predictedIndex]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(trueIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(trueIndex, ClassCount);
            ArgumentOutOfRangeException.ThrowIfNegative(predictedIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predictedIndex, ClassCount);
            return _counts[(trueIndex * ClassCount) + predictedIndex];
        }
    }

    /// <summary>
    /// Counts integer labels; the classes are the sorted union of the labels in both spans, so a
    /// label that only appears among the predictions has a row too (scikit-learn's default <c>labels</c>).
    /// </summary>
    /// <param name="yTrue">The true label of each sample.</param>
    /// <param name="yPred">The predicted label of each sample, as many as <paramref name="yTrue"/>.</param>
    /// <returns>The matrix over the labels that occur.</returns>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths.</exception>
    public static ConfusionMatrix FromLabels(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred)
    {
        InputChecks.SameLength(yTrue.Length, yPred.Length, nameof(yTrue), nameof(yPred));
        var union = new SortedSet<int>();
        foreach (int label in yTrue)
        {
            union.Add(label);
        }

        foreach (int label in yPred)
        {
            union.Add(label);
        }

        int[] labels = [.. union];
        var matrix = new ConfusionMatrix(labels);
        for (int s = 0; s < yTrue.Length; s++)
        {
            matrix.Add(Array.BinarySearch(labels, yTrue[s]), Array.BinarySearch(labels, yPred[s]));
        }

        return matrix;
    }

    /// <summary>
    /// Counts integer labels of a problem with <paramref name="classCount"/> classes 0 … classCount − 1;
    /// classes that never occur keep their (zero) rows and columns (scikit-learn's <c>labels=range(classCount)</c>).
    /// </summary>
    /// <param name="yTrue">The true label of each sample, each in 0 … classCount − 1.</param>
    /// <param name="yPred">The predicted label of each sample, as many as <paramref name="yTrue"/>, each in 0 … classCount − 1.</param>
    /// <param name="classCount">The number of classes, at least 1.</param>
    /// <returns>The classCount × classCount matrix.</returns>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths, or a label is out of range.</exception>
    public static ConfusionMatrix FromLabels(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        InputChecks.SameLength(yTrue.Length, yPred.Length, nameof(yTrue), nameof(yPred));
        CheckRange(yTrue, classCount, nameof(yTrue));
        CheckRange(yPred, classCount, nameof(yPred));
        var matrix = new ConfusionMatrix([.. Enumerable.Range(0, classCount)]);
        for (int s = 0; s < yTrue.Length; s++)
        {
            matrix.Add(yTrue[s], yPred[s]);
        }

        return matrix;
    }

    /// <summary>
    /// Counts rows of tensors: each row of <paramref name="targets"/> (one-hot or probabilities) and of
    /// <paramref name="predictions"/> (a model's probabilities or scores) stands for its arg-max class
    /// (the first on ties). A single column (or a vector, one value per sample) is a binary problem:
    /// class 1 when the value is ≥ 0.5, class 0 otherwise. The classes are 0 … columns − 1 (0 and 1 for one column).
    /// </summary>
    /// <param name="targets">The true classes, [samples, classes] or, for binary problems, [samples, 1] or [samples].</param>
    /// <param name="predictions">The predictions, the same shape as <paramref name="targets"/>.</param>
    /// <returns>The matrix over all the tensors' classes.</returns>
    /// <exception cref="ArgumentException">The shapes differ, there are no rows, or a value is NaN.</exception>
    public static ConfusionMatrix FromTensors(Tensor targets, Tensor predictions)
    {
        InputChecks.SameShape(targets, predictions, nameof(targets), nameof(predictions));
        int[] yTrue = ClassLabels.FromRows(targets, nameof(targets));
        int[] yPred = ClassLabels.FromRows(predictions, nameof(predictions));
        return FromLabels(yTrue, yPred, ClassLabels.ClassCount(targets));
    }

    /// <summary>The number of samples of class index <paramref name="classIndex"/> predicted correctly: entry [i, i].</summary>
    /// <param name="classIndex">An index into <see cref="Labels"/>.</param>
    /// <returns>The true positives of that class.</returns>
    public long TruePositives(int classIndex) => this[classIndex, classIndex];

    /// <summary>The number of samples whose true class is class index <paramref name="classIndex"/>: the row sum (scikit-learn's <c>support</c>).</summary>
    /// <param name="classIndex">An index into <see cref="Labels"/>.</param>
    /// <returns>The support of that class.</returns>
    public long Support(int classIndex)
    {
        long sum = 0;
        for (int j = 0; j < ClassCount; j++)
        {
            sum += this[classIndex, j];
        }

        return sum;
    }

    /// <summary>The number of samples predicted as class index <paramref name="classIndex"/>: the column sum (tp + fp).</summary>
    /// <param name="classIndex">An index into <see cref="Labels"/>.</param>
    /// <returns>How often that class was predicted.</returns>
    public long PredictedCount(int classIndex)
    {
        long sum = 0;
        for (int i = 0; i < ClassCount; i++)
        {
            sum += this[i, classIndex];
        }

        return sum;
    }

    /// <summary>A copy of the counts as a [true, predicted] array.</summary>
    /// <returns>A new <see cref="ClassCount"/> × <see cref="ClassCount"/> array.</returns>
    public long[,] ToArray()
    {
        var copy = new long[ClassCount, ClassCount];
        for (int i = 0; i < ClassCount; i++)
        {
            for (int j = 0; j < ClassCount; j++)
            {
                copy[i, j] = _counts[(i * ClassCount) + j];
            }
        }

        return copy;
    }

    private static void CheckRange(ReadOnlySpan<int> labels, int classCount, string paramName)
    {
        for (int s = 0; s < labels.Length; s++)
        {
            if ((uint)labels[s] >= (uint)classCount)
            {
                throw new ArgumentException(
                    $"{paramName}[{s}] is {labels[s]}; labels must lie in 0 … {classCount - 1} for {classCount} classes.", paramName);
            }
        }
    }

    private void Add(int trueIndex, int predictedIndex)
    {
        _counts[(trueIndex * ClassCount) + predictedIndex]++;
        Total++;
    }
}
