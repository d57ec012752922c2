using System.Globalization;

namespace NeuralNet.Data;

/// <summary>Seeded splits: train/test, stratified or not, and k-fold cross-validation indices.</summary>
public sealed partial class Dataset
{
    /// <summary>
    /// Shuffles the samples with a seeded generator and splits them into a training part and the rest,
    /// optionally keeping each class's share the same in both parts.
    /// </summary>
    /// <param name="trainFraction">The share of samples in the first part, strictly between 0 and 1.</param>
    /// <param name="seed">The seed of the shuffle; the same seed gives the same split.</param>
    /// <param name="stratify">
    /// Whether to split each class separately so that both parts keep the class proportions; needs class
    /// targets (one-hot rows, or a single 0/1 column).
    /// </param>
    /// <returns>The training part and the held-out part, each with at least one sample; both keep the names.</returns>
    /// <remarks>
    /// <para>
    /// Both ways put <c>round(Count × trainFraction)</c> samples in the training part. Without
    /// stratification the sample order is shuffled once with <c>new Random(seed)</c> and cut; this
    /// split is frozen (seeded trainings elsewhere depend on it).
    /// </para>
    /// <para>
    /// Stratified: the samples of each class, in class order, are shuffled with one <c>new Random(seed)</c>;
    /// class <c>c</c> of <c>n_c</c> samples gives <c>⌊n_c × train / Count⌋</c> of them to training, and the
    /// samples still missing go one each to the classes with the largest remainders (ties to the lower
    /// class). The two parts are then shuffled with the same generator so that classes are not grouped.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The fraction leaves a part empty.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="stratify"/> is set but the targets are not classes.</exception>
    public (Dataset Train, Dataset Test) Split(double trainFraction, int seed, bool stratify = false)
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

        int[] order;
        if (stratify)
        {
            order = StratifiedOrder(trainCount, seed);
        }
        else
        {
            order = new int[Count];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            new Random(seed).Shuffle(order);
        }

        return (Subset(order.AsSpan(0, trainCount)), Subset(order.AsSpan(trainCount)));
    }

    /// <summary>
    /// Row indices for k-fold cross-validation: the samples are dealt into <paramref name="k"/> folds,
    /// and fold <c>i</c> validates on its own samples and trains on all the others.
    /// </summary>
    /// <param name="k">The number of folds, from 2 to <see cref="Count"/>.</param>
    /// <param name="seed">The seed of the shuffle; the same seed gives the same folds.</param>
    /// <param name="stratify">
    /// Whether each fold should hold each class in the proportion of the whole; needs class targets
    /// (one-hot rows, or a single 0/1 column).
    /// </param>
    /// <returns>
    /// <paramref name="k"/> pairs of ascending row indices for <see cref="Subset"/>; every sample is in
    /// exactly one validation part, and fold sizes differ by at most one.
    /// </returns>
    /// <remarks>
    /// Without stratification the row order is shuffled with <c>new Random(seed)</c> and cut into
    /// consecutive folds, the first <c>Count mod k</c> of them one sample larger. Stratified: the
    /// samples of each class are shuffled with one <c>new Random(seed)</c>, the classes are laid end to
    /// end in class order, and sample <c>p</c> of that sequence goes to fold <c>p mod k</c> — so a class's
    /// count differs between folds by at most one.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 2 or above <see cref="Count"/>.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="stratify"/> is set but the targets are not classes.</exception>
    public IReadOnlyList<(int[] Train, int[] Validation)> KFold(int k, int seed, bool stratify = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, Count);
        int[] fold = new int[Count];
        if (stratify)
        {
            int[] sequence = ShuffledByClass(new Random(seed), out _);
            for (int p = 0; p < sequence.Length; p++)
            {
                fold[sequence[p]] = p % k;
            }
        }
        else
        {
            int[] order = new int[Count];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            new Random(seed).Shuffle(order);
            int position = 0;
            for (int f = 0; f < k; f++)
            {
                int size = (Count / k) + (f < Count % k ? 1 : 0);
                for (int j = 0; j < size; j++)
                {
                    fold[order[position++]] = f;
                }
            }
        }

        var folds = new (int[] Train, int[] Validation)[k];
        for (int f = 0; f < k; f++)
        {
            var train = new List<int>(Count);
            var validation = new List<int>((Count / k) + 1);
            for (int row = 0; row < Count; row++)
            {
                (fold[row] == f ? validation : train).Add(row);
            }

            folds[f] = (train.ToArray(), validation.ToArray());
        }

        return folds;
    }

    /// <summary>The training rows first (<paramref name="trainCount"/> of them), then the test rows.</summary>
    private int[] StratifiedOrder(int trainCount, int seed)
    {
        var random = new Random(seed);
        int[] sequence = ShuffledByClass(random, out int[] classSizes);

        // Largest-remainder apportionment in exact integer arithmetic: the same on every machine.
        int classes = classSizes.Length;
        int[] quota = new int[classes];
        long[] remainder = new long[classes];
        int assigned = 0;
        for (int c = 0; c < classes; c++)
        {
            long share = (long)classSizes[c] * trainCount;
            quota[c] = (int)(share / Count);
            remainder[c] = share % Count;
            assigned += quota[c];
        }

        for (; assigned < trainCount; assigned++)
        {
            int best = -1;
            for (int c = 0; c < classes; c++)
            {
                if (quota[c] < classSizes[c] && (best < 0 || remainder[c] > remainder[best]))
                {
                    best = c;
                }
            }

            quota[best]++;
            remainder[best] = -1; // one extra sample per class at most
        }

        int[] order = new int[Count];
        int trainAt = 0, testAt = trainCount, start = 0;
        for (int c = 0; c < classes; c++)
        {
            sequence.AsSpan(start, quota[c]).CopyTo(order.AsSpan(trainAt));
            sequence.AsSpan(start + quota[c], classSizes[c] - quota[c]).CopyTo(order.AsSpan(testAt));
            trainAt += quota[c];
            testAt += classSizes[c] - quota[c];
            start += classSizes[c];
        }

        random.Shuffle(order.AsSpan(0, trainCount));
        random.Shuffle(order.AsSpan(trainCount));
        return order;
    }

    /// <summary>The rows grouped by class in class order, each group shuffled with <paramref name="random"/>.</summary>
    private int[] ShuffledByClass(Random random, out int[] classSizes)
    {
        int[] labels = ClassIndices();
        classSizes = new int[TargetCount == 1 ? 2 : TargetCount];
        foreach (int label in labels)
        {
            classSizes[label]++;
        }

        int[] sequence = new int[Count];
        int[] next = new int[classSizes.Length];
        for (int c = 1; c < next.Length; c++)
        {
            next[c] = next[c - 1] + classSizes[c - 1];
        }

        for (int row = 0; row < labels.Length; row++)
        {
            sequence[next[labels[row]]++] = row;
        }

        int start = 0;
        foreach (int size in classSizes)
        {
            random.Shuffle(sequence.AsSpan(start, size));
            start += size;
        }

        return sequence;
    }

    /// <summary>The class of each sample: the hot column of a one-hot row, or the value of a 0/1 target.</summary>
    private int[] ClassIndices()
    {
        int[] labels = new int[Count];
        for (int row = 0; row < Count; row++)
        {
            ReadOnlySpan<float> target = Targets.Row(row);
            int hot = -1;
            bool valid = true;
            if (target.Length == 1)
            {
                valid = target[0] is 0f or 1f;
                hot = (int)target[0];
            }
            else
            {
                for (int c = 0; c < target.Length && valid; c++)
                {
                    if (target[c] == 1f)
                    {
                        valid = hot < 0;
                        hot = c;
                    }
                    else
                    {
                        valid = target[c] == 0f;
                    }
                }

                valid &= hot >= 0;
            }

            if (!valid)
            {
                string shown = string.Join(", ", target[..Math.Min(target.Length, 8)].ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)));
                throw new InvalidOperationException(
                    $"Stratifying needs class targets (one-hot rows, or a single 0/1 column); target row {row} is [{shown}{(target.Length > 8 ? ", …" : "")}].");
            }

            labels[row] = hot;
        }

        return labels;
    }
}
