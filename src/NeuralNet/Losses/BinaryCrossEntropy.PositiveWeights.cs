using NeuralNet.Tensors;

namespace NeuralNet.Losses;

/// <summary>Binary cross-entropy with a weight on the positive targets of each output column.</summary>
public sealed partial class BinaryCrossEntropy
{
    private readonly float[]? _positiveWeights;

    /// <summary>
    /// One weight per output column on the positive term, PyTorch's <c>pos_weight</c>: ℓ = −[w_j t log p + (1 − t) log(1 − p)],
    /// from logits z: w_j t·softplus(−z) + (1 − t)·softplus(z), ∂ℓ/∂z = σ(z)(w_j t + 1 − t) − w_j t. A weight above 1
    /// favours recall on a rare positive class. <see langword="null"/> (the default) weighs every term 1.
    /// </summary>
    /// <exception cref="ArgumentException">On init: empty, or a weight that is not finite and ≥ 0.</exception>
    public IReadOnlyList<float>? PositiveWeights
    {
        get => _positiveWeights;
        init
        {
            if (value is not null && (value.Count == 0 || value.Any(w => !(w >= 0f && float.IsFinite(w)))))
            {
                throw new ArgumentException("PositiveWeights needs one finite weight ≥ 0 per output column.", nameof(PositiveWeights));
            }

            _positiveWeights = value?.ToArray();
        }
    }

    private float[] WeightsFor(int columns) =>
        _positiveWeights!.Length == columns
            ? _positiveWeights
            : throw new InvalidOperationException($"PositiveWeights has {_positiveWeights.Length} weights but the predictions have {columns} columns.");

    private float WeightedFromLogits(Tensor logits, Tensor targets)
    {
        float[] w = WeightsFor(logits.Columns);
        ReadOnlySpan<float> z = logits.AsSpan(), t = targets.AsSpan();
        double sum = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double zi = z[i], softplus = Math.Max(zi, 0) + Math.Log(1 + Math.Exp(-Math.Abs(zi)));
            sum += (w[i % logits.Columns] * t[i] * (softplus - zi)) + ((1 - t[i]) * softplus);
        }

        return (float)(sum / Math.Max(z.Length, 1));
    }

    private void WeightedLogitGradient(Tensor probabilities, Tensor targets, Tensor gradient)
    {
        float[] w = WeightsFor(probabilities.Columns);
        ReadOnlySpan<float> p = probabilities.AsSpan(), t = targets.AsSpan();
        Span<float> g = gradient.AsSpan();
        float scale = 1f / Math.Max(p.Length, 1);
        for (int i = 0; i < p.Length; i++)
        {
            float wt = w[i % probabilities.Columns] * t[i];
            g[i] = ((p[i] * (wt + 1f - t[i])) - wt) * scale;
        }
    }

    private float WeightedCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int columns)
    {
        float[] w = WeightsFor(columns);
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double p = predictions[i];
            double logP = Math.Max(Math.Log(p), LogFloor), log1mP = Math.Max(Math.Log(1 - p), LogFloor);
            sum -= (w[i % columns] * targets[i] * logP) + ((1 - targets[i]) * log1mP);
        }

        return (float)(sum / Math.Max(predictions.Length, 1));
    }

    private void WeightedGradientCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, int columns)
    {
        float[] w = WeightsFor(columns);
        double n = Math.Max(predictions.Length, 1);
        for (int i = 0; i < predictions.Length; i++)
        {
            double p = Math.Clamp((double)predictions[i], ProductFloor, 1 - ProductFloor), t = targets[i];
            gradient[i] = (float)(((-w[i % columns] * t / p) + ((1 - t) / (1 - p))) / n);
        }
    }
}
