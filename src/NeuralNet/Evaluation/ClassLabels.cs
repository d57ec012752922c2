using NeuralNet.Tensors;

namespace NeuralNet.Evaluation;

/// <summary>Turns tensor rows (one-hot targets, probabilities, scores) into class labels, as the metrics read them.</summary>
internal static class ClassLabels
{
    /// <summary>The number of samples of a tensor: its rows, or its length for a vector (one value per sample).</summary>
    public static int Samples(Tensor tensor) => tensor.Rank == 1 ? tensor.Length : tensor.Rows;

    /// <summary>The number of classes a tensor's rows stand for: its columns, or 2 for a single column (binary).</summary>
    public static int ClassCount(Tensor tensor) => tensor.Rank == 1 || tensor.Columns == 1 ? 2 : tensor.Columns;

    /// <summary>
    /// Each row's class: the arg-max (the first on ties, as <c>numpy.argmax</c>), or for one value per
    /// sample 1 when it is ≥ 0.5 and 0 otherwise — the decision of a sigmoid output.
    /// </summary>
    public static int[] FromRows(Tensor tensor, string paramName)
    {
        ReadOnlySpan<float> values = tensor.AsSpan();
        InputChecks.Finite(values, paramName);
        int samples = Samples(tensor), columns = values.Length / Math.Max(samples, 1);
        var labels = new int[samples];
        for (int s = 0; s < samples; s++)
        {
            ReadOnlySpan<float> row = values.Slice(s * columns, columns);
            labels[s] = columns == 1 ? (row[0] >= 0.5f ? 1 : 0) : ArgMax(row);
        }

        return labels;
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
        {
            if (row[j] > row[best])
            {
                best = j;
            }
        }

        return best;
    }
}
