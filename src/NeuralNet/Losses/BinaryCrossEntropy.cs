using NeuralNet.Kernels;
using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Losses;

/// <summary>
/// Binary cross-entropy, the loss of binary and multi-label classification: each output is an
/// independent probability (a <see cref="Sigmoid"/> output) and each target is 0 or 1 (or a soft label in [0, 1]).
/// </summary>
/// <remarks>
/// <para>
/// L = −(1/N) Σᵢ [tᵢ log pᵢ + (1 − tᵢ) log(1 − pᵢ)] over all N elements;
/// ∂L/∂pᵢ = (pᵢ − tᵢ) / (pᵢ(1 − pᵢ)) / N. As in PyTorch's <c>F.binary_cross_entropy</c>, each log is
/// clamped at −100 and p(1 − p) at 1e-12, so the result is finite even for p = 0 or 1.
/// </para>
/// <para>
/// Fused with the sigmoid (what the trainer uses): from logits z, L = (1/N) Σ [max(z, 0) − z t + log(1 + e^−|z|)]
/// and ∂L/∂z = (σ(z) − t)/N — exact and finite for any finite z, like <c>F.binary_cross_entropy_with_logits</c>.
/// </para>
/// </remarks>
public sealed partial class BinaryCrossEntropy : Loss, ILogitLoss
{
    private const double LogFloor = -100;
    private const double ProductFloor = 1e-12;

    /// <inheritdoc/>
    bool ILogitLoss.FusesWith(Layer outputLayer) => outputLayer is Sigmoid;

    /// <inheritdoc/>
    internal override bool IsClassification => true;

    /// <summary>The loss computed from the sigmoid's input (logits), stable for any finite logits.</summary>
    /// <param name="logits">Pre-sigmoid values, [rows, outputs].</param>
    /// <param name="targets">Targets in [0, 1], the same shape.</param>
    /// <returns>The mean loss.</returns>
    public float ComputeFromLogits(Tensor logits, Tensor targets)
    {
        CheckShapes(logits, targets, nameof(targets));
        if (PositiveWeights is not null)
        {
            return Reduce(WeightedFromLogits(logits, targets), logits.Rows, logits.Columns);
        }

        ReadOnlySpan<float> z = logits.AsSpan(), t = targets.AsSpan();
        double sum = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double zi = z[i];
            sum += Math.Max(zi, 0) - (zi * t[i]) + Math.Log(1 + Math.Exp(-Math.Abs(zi)));
        }

        return Reduce((float)(sum / Math.Max(z.Length, 1)), logits.Rows, logits.Columns);
    }

    /// <summary>Writes ∂L/∂logits = (σ(z) − t)/N (without the 1/N for <see cref="LossReduction.Sum"/>).</summary>
    /// <param name="logits">Pre-sigmoid values, [rows, outputs].</param>
    /// <param name="targets">Targets, the same shape.</param>
    /// <param name="gradient">Where to write the gradient, the same shape.</param>
    public void GradientFromLogits(Tensor logits, Tensor targets, Tensor gradient)
    {
        CheckShapes(logits, targets, nameof(targets));
        CheckShapes(logits, gradient, nameof(gradient));
        ActivationKernels.Sigmoid(logits.AsSpan(), gradient.AsSpan());
        LogitGradient(gradient, targets, gradient);
        ReduceGradient(gradient.AsSpan(), logits.Rows, logits.Columns);
    }

    /// <inheritdoc/>
    void ILogitLoss.LogitGradientFromOutputs(Tensor outputs, Tensor targets, Tensor gradient)
    {
        LogitGradient(outputs, targets, gradient);
        ReduceGradient(gradient.AsSpan(), outputs.Rows, outputs.Columns);
    }

    /// <summary>∂L/∂z from σ(z): (σ(z) − t)/N, or with positive weights (σ(z)(w t + 1 − t) − w t)/N.</summary>
    private void LogitGradient(Tensor probabilities, Tensor targets, Tensor gradient)
    {
        if (PositiveWeights is null)
        {
            SubtractAndScale(probabilities.AsSpan(), targets.AsSpan(), gradient.AsSpan());
        }
        else
        {
            WeightedLogitGradient(probabilities, targets, gradient);
        }
    }

    /// <inheritdoc/>
    protected override float ComputeCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows, int columns)
    {
        if (PositiveWeights is not null)
        {
            return WeightedCore(predictions, targets, columns);
        }

        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double p = predictions[i];
            double logP = Math.Max(Math.Log(p), LogFloor);
            double log1mP = Math.Max(Math.Log(1 - p), LogFloor);
            sum -= (targets[i] * logP) + ((1 - targets[i]) * log1mP);
        }

        return (float)(sum / Math.Max(predictions.Length, 1));
    }

    /// <inheritdoc/>
    protected override void GradientCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns)
    {
        if (PositiveWeights is not null)
        {
            WeightedGradientCore(predictions, targets, gradient, columns);
            return;
        }

        double n = Math.Max(predictions.Length, 1);
        for (int i = 0; i < predictions.Length; i++)
        {
            double p = predictions[i];
            gradient[i] = (float)((p - targets[i]) / Math.Max(p * (1 - p), ProductFloor) / n);
        }
    }

    /// <inheritdoc/>
    internal override void CheckOutputLayer(Layer outputLayer, int? outputs)
    {
        if (outputLayer is not Sigmoid)
        {
            throw new ArgumentException(
                $"BinaryCrossEntropy needs a Sigmoid output layer (independent probabilities); the model ends in {outputLayer.Name}. "
                + "Use CategoricalCrossEntropy with Softmax for one-of-many classes, or MeanSquaredError with Identity for regression.",
                nameof(outputLayer));
        }

        if (_positiveWeights is not null && outputs is int columns && columns != _positiveWeights.Length)
        {
            throw new ArgumentException($"PositiveWeights has {_positiveWeights.Length} weights; the model has {columns} outputs.", nameof(outputs));
        }
    }

    /// <inheritdoc/>
    internal override void CheckTargets(Tensor targets, string paramName)
    {
        ReadOnlySpan<float> t = targets.AsSpan();
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] is < 0f or > 1f)
            {
                throw new ArgumentException(
                    $"Binary cross-entropy targets must be in [0, 1]; row {i / targets.Columns}, column {i % targets.Columns} is {t[i]}.",
                    paramName);
            }
        }
    }

    private static void SubtractAndScale(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> gradient)
    {
        float scale = 1f / Math.Max(p.Length, 1);
        for (int i = 0; i < p.Length; i++)
        {
            gradient[i] = (p[i] - t[i]) * scale;
        }
    }
}
