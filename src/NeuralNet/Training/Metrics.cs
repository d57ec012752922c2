using NeuralNet.Tensors;

namespace NeuralNet.Training;

/// <summary>How accuracy is counted, decided by the shape of the targets.</summary>
/// <remarks>
/// One target column: binary, correct when (p ≥ 0.5) equals (t ≥ 0.5). One-hot target rows:
/// multi-class, correct when the largest output is at the target's 1. Any other 0/1 rows:
/// multi-label, each element counted on its own at threshold 0.5 (the Hamming accuracy).
/// </remarks>
internal static class Metrics
{
    /// <summary>Counts correct decisions and how many decisions were made.</summary>
    public static (long Correct, long Total) Count(Tensor predictions, Tensor targets)
    {
        int rows = predictions.Rows, columns = predictions.Columns;
        long correct = 0;
        if (columns == 1 || !IsOneHot(targets))
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

    private static bool IsOneHot(Tensor targets)
    {
        for (int r = 0; r < targets.Rows; r++)
        {
            int ones = 0;
            foreach (float t in targets.Row(r))
            {
                if (t == 1f)
                {
                    ones++;
                }
                else if (t != 0f)
                {
                    return false;
                }
            }

            if (ones != 1)
            {
                return false;
            }
        }

        return true;
    }
}
