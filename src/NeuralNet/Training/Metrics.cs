using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Training;

/// <summary>How accuracy is counted, decided by the network's output layer.</summary>
/// <remarks>
/// A <see cref="Softmax"/> output is one-of-many: a row is correct when the largest output is at
/// the target's largest value. Any other output (a sigmoid for binary or multi-label
/// classification) is a set of independent yes/no decisions: each element is correct when
/// (p ≥ 0.5) equals (t ≥ 0.5) — the Hamming accuracy, which for one column is plain accuracy.
/// </remarks>
internal static class Metrics
{
    /// <summary>Counts correct decisions of <paramref name="model"/>'s outputs and how many decisions were made.</summary>
    public static (long Correct, long Total) Count(Sequential model, Tensor predictions, Tensor targets) =>
        Count(predictions, targets, oneOfMany: model.OutputLayer is Softmax);

    /// <summary>Counts correct decisions and how many decisions were made.</summary>
    public static (long Correct, long Total) Count(Tensor predictions, Tensor targets, bool oneOfMany)
    {
        int rows = predictions.Rows;
        long correct = 0;
        if (!oneOfMany)
        {
            ReadOnlySpan<float> p = predictions.AsSpan(), t = targets.AsSpan();
            for (int i = 0; i < p.Length; i++)
            {
                if ((p[i] >= 0.5f) == (t[i] >= 0.5f))
                {
                    correct++;
                }
            }

            return (correct, p.Length);
        }

        for (int r = 0; r < rows; r++)
        {
            if (ArgMax(predictions.Row(r)) == ArgMax(targets.Row(r)))
            {
                correct++;
            }
        }

        return (correct, rows);
    }

    /// <summary>The index of the largest value (the first, on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int j = 1; j < values.Length; j++)
        {
            if (values[j] > values[best])
            {
                best = j;
            }
        }

        return best;
    }
}
