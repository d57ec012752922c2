using NeuralNet.Tensors;

namespace NeuralNet.Evaluation;

/// <content>The metrics of scores rather than decisions: binary ROC AUC and top-k accuracy.</content>
public static partial class ClassificationMetrics
{
    /// <summary>
    /// The area under the ROC curve of a binary problem: the fraction of (positive, negative) pairs in
    /// which the positive sample has the higher score, a tie counting ½ —
    /// AUC = (Σ₊ Σ₋ ([s₊ &gt; s₋] + ½·[s₊ = s₋])) / (P·N).
    /// </summary>
    /// <remarks>
    /// Equals scikit-learn's <c>roc_auc_score</c>, the trapezoidal area over the curve's distinct
    /// thresholds (samples with equal scores move the curve diagonally, which is where the ½ comes
    /// from). Computed by sorting the scores once and counting per group of equal scores: O(n log n).
    /// Only the order of the scores matters, so probabilities, logits or any monotone score give the same AUC.
    /// </remarks>
    /// <param name="yTrue">The true class of each sample: 0 (negative) or 1 (positive); both must occur.</param>
    /// <param name="scores">The score of each sample, higher meaning more likely positive; finite.</param>
    /// <returns>The AUC, in [0, 1]; 0.5 for scores that carry no information.</returns>
    /// <exception cref="ArgumentException">
    /// The spans are empty or of different lengths, a label is not 0 or 1, only one class occurs
    /// (scikit-learn raises too: the AUC is undefined), or a score is NaN or infinite.
    /// </exception>
    public static double RocAuc(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> scores)
    {
        InputChecks.SameLength(yTrue.Length, scores.Length, nameof(yTrue), nameof(scores));
        InputChecks.Finite(scores, nameof(scores));
        long positives = 0;
        for (int s = 0; s < yTrue.Length; s++)
        {
            if ((uint)yTrue[s] > 1)
            {
                throw new ArgumentException($"yTrue[{s}] is {yTrue[s]}; ROC AUC needs binary labels 0 or 1.", nameof(yTrue));
            }

            positives += yTrue[s];
        }

        long negatives = yTrue.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException(
                $"yTrue holds only class {(positives == 0 ? 0 : 1)}: ROC AUC needs both positive and negative samples.", nameof(yTrue));
        }

        float[] sorted = scores.ToArray();
        int[] labels = yTrue.ToArray();
        Array.Sort(sorted, labels);

        // Walk the groups of equal scores from the lowest: each positive in a group beats every negative
        // below the group and ties with each negative inside it. Counts of pairs stay integers (exact in
        // double up to 2^53), so the only rounding is the final division.
        double correctPairs = 0;
        long negativesBelow = 0;
        for (int start = 0, end; start < sorted.Length; start = end)
        {
            long groupPositives = 0, groupNegatives = 0;
            for (end = start; end < sorted.Length && sorted[end] == sorted[start]; end++)
            {
                if (labels[end] == 1)
                {
                    groupPositives++;
                }
                else
                {
                    groupNegatives++;
                }
            }

            correctPairs += (groupPositives * negativesBelow) + (0.5 * groupPositives * groupNegatives);
            negativesBelow += groupNegatives;
        }

        return correctPairs / ((double)positives * negatives);
    }

    /// <summary>
    /// Binary ROC AUC (see <see cref="RocAuc(ReadOnlySpan{int}, ReadOnlySpan{float})"/>) of a model's
    /// single output: targets hold 0 or 1, scores the positive class's probability (or logit).
    /// </summary>
    /// <param name="targets">One 0/1 value per sample: [samples] or [samples, 1].</param>
    /// <param name="scores">One score per sample, the same shape.</param>
    /// <returns>The AUC, in [0, 1].</returns>
    /// <exception cref="ArgumentException">
    /// The shapes differ or have more than one column, a target is not exactly 0 or 1, only one class occurs,
    /// or a score is not finite.
    /// </exception>
    public static double RocAuc(Tensor targets, Tensor scores)
    {
        InputChecks.SameShape(targets, scores, nameof(targets), nameof(scores));
        if (targets.Rank == 2 && targets.Columns != 1)
        {
            throw new ArgumentException(
                $"targets has shape {targets.ShapeText}; binary ROC AUC takes one column (one score per sample).", nameof(targets));
        }

        ReadOnlySpan<float> t = targets.AsSpan();
        var labels = new int[t.Length];
        for (int s = 0; s < t.Length; s++)
        {
            labels[s] = t[s] switch
            {
                0f => 0,
                1f => 1,
                _ => throw new ArgumentException($"targets[{s}] is {t[s]}; ROC AUC needs binary targets 0 or 1.", nameof(targets)),
            };
        }

        return RocAuc(labels, scores.AsSpan());
    }

    /// <summary>
    /// The fraction of samples whose true class is among the <paramref name="k"/> highest-scored classes:
    /// (1/n)·Σ [rank of yTrue in its row &lt; k] (scikit-learn's <c>top_k_accuracy_score</c> with <c>labels=range(classes)</c>).
    /// </summary>
    /// <remarks>
    /// Ties are broken as scikit-learn does (a stable ascending sort read backwards): among equal scores
    /// the class with the larger index ranks higher. Class c's rank is the number of classes with a
    /// larger score plus the number of classes after c with the same score. With k = 1 and no ties this is
    /// plain accuracy of the arg-max; k equal to the class count always gives 1 (scikit-learn warns there).
    /// </remarks>
    /// <param name="yTrue">The true class of each sample, each in 0 … classes − 1.</param>
    /// <param name="scores">A [samples, classes] matrix of scores (probabilities, logits), finite, classes ≥ 2.</param>
    /// <param name="k">How many of the best-scored classes count as a hit, 1 … classes.</param>
    /// <returns>The top-k accuracy, in [0, 1].</returns>
    /// <exception cref="ArgumentException">
    /// The scores are not a matrix with at least two columns, the row count differs from the labels',
    /// there are no samples, a label is out of range or a score is not finite.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1 or above the number of classes.</exception>
    public static double TopKAccuracy(ReadOnlySpan<int> yTrue, Tensor scores, int k)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Rank != 2 || scores.Columns < 2)
        {
            throw new ArgumentException(
                $"scores has shape {scores.ShapeText}; top-k accuracy takes a [samples, classes] matrix with at least 2 classes.", nameof(scores));
        }

        int classes = scores.Columns;
        InputChecks.SameLength(yTrue.Length, scores.Rows, nameof(yTrue), nameof(scores));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, classes);
        InputChecks.Finite<float>(scores.AsSpan(), nameof(scores));
        long hits = 0;
        for (int s = 0; s < yTrue.Length; s++)
        {
            int label = yTrue[s];
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentException($"yTrue[{s}] is {label}; labels must lie in 0 … {classes - 1} for {classes} classes.", nameof(yTrue));
            }

            ReadOnlySpan<float> row = scores.Row(s);
            int rank = 0;
            for (int j = 0; j < classes; j++)
            {
                if (row[j] > row[label] || (row[j] == row[label] && j > label))
                {
                    rank++;
                }
            }

            if (rank < k)
            {
                hits++;
            }
        }

        return (double)hits / yTrue.Length;
    }
}
