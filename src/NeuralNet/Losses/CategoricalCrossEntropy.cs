using System.Buffers;
using NeuralNet.Kernels;
using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Losses;

/// <summary>
/// Categorical cross-entropy, the loss of multi-class classification: each output row is a
/// probability distribution over classes (a <see cref="Softmax"/> output) and each target row is
/// one-hot (or a distribution).
/// </summary>
/// <remarks>
/// <para>
/// L = −(1/rows) Σ_rows Σⱼ tⱼ log pⱼ; ∂L/∂pⱼ = −tⱼ / pⱼ / rows. Each log is clamped at −100 and each
/// p at 1e-12 in the gradient, so the result is finite even for p = 0.
/// </para>
/// <para>
/// Fused with the softmax (what the trainer uses): from logits z, L = (1/rows) Σ_rows [(Σⱼ tⱼ)·logsumexp(z) − Σⱼ tⱼ zⱼ],
/// with the log-sum-exp shifted by the row maximum, and ∂L/∂zⱼ = (pⱼ Σₖ tₖ − tⱼ)/rows, which is
/// (p − t)/rows for one-hot or probability targets. Matches PyTorch's
/// <c>-(t * log_softmax(z)).sum(1).mean()</c>.
/// </para>
/// </remarks>
public sealed partial class CategoricalCrossEntropy : Loss, ILogitLoss
{
    private const double LogFloor = -100;
    private const double ProbabilityFloor = 1e-12;

    /// <inheritdoc/>
    bool ILogitLoss.FusesWith(Layer outputLayer) => outputLayer is Softmax;

    /// <inheritdoc/>
    internal override bool IsClassification => true;

    /// <summary>The loss computed from the softmax's input (logits), stable for any finite logits.</summary>
    /// <param name="logits">Pre-softmax scores, [rows, classes].</param>
    /// <param name="targets">Target distributions, the same shape.</param>
    /// <returns>The mean loss over rows.</returns>
    public float ComputeFromLogits(Tensor logits, Tensor targets)
    {
        CheckShapes(logits, targets, nameof(targets));
        if (HasOptions)
        {
            return OptionsFromLogits(logits, targets);
        }

        // Per row: Σt·log Σⱼ e^(zⱼ − m) − Σ t·(z − m). The exponentials are the softmax's own vector
        // kernel in float (every term ≤ 1, the largest exactly 1, so the sum is within a float's
        // rounding of the double one), the rest in double; one logarithm per row.
        int rows = logits.Rows, columns = logits.Columns;
        float[]? rented = columns <= 1024 ? null : ArrayPool<float>.Shared.Rent(columns);
        Span<float> exps = rented is null ? stackalloc float[columns] : rented.AsSpan(0, columns);
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> z = logits.Row(r), t = targets.Row(r);
            float max = VectorMath.Max(z);
            double sumExp = VectorMath.ExpShifted(z, max, exps);
            double targetSum = 0, targetDotZ = 0;
            for (int j = 0; j < columns; j++)
            {
                targetSum += t[j];
                targetDotZ += t[j] * ((double)z[j] - max);
            }

            total += (targetSum * Math.Log(sumExp)) - targetDotZ;
        }

        if (rented is not null)
        {
            ArrayPool<float>.Shared.Return(rented);
        }

        return Reduce((float)(total / Math.Max(rows, 1)), rows, columns);
    }

    /// <summary>Writes ∂L/∂logits = (softmax(z)·Σt − t)/rows (without the 1/rows for <see cref="LossReduction.Sum"/>).</summary>
    /// <param name="logits">Pre-softmax scores, [rows, classes].</param>
    /// <param name="targets">Target distributions, the same shape.</param>
    /// <param name="gradient">Where to write the gradient, the same shape.</param>
    public void GradientFromLogits(Tensor logits, Tensor targets, Tensor gradient)
    {
        CheckShapes(logits, targets, nameof(targets));
        CheckShapes(logits, gradient, nameof(gradient));
        SoftmaxKernel.Forward(logits.AsSpan(), gradient.AsSpan(), logits.Rows, logits.Columns);
        LogitGradient(gradient, targets, gradient);
    }

    /// <inheritdoc/>
    void ILogitLoss.LogitGradientFromOutputs(Tensor outputs, Tensor targets, Tensor gradient) => LogitGradient(outputs, targets, gradient);

    /// <summary>∂L/∂logits from the softmax's output, with <see cref="Loss.Reduction"/> and the options applied.</summary>
    private void LogitGradient(Tensor probabilities, Tensor targets, Tensor gradient)
    {
        if (HasOptions)
        {
            OptionsLogitGradient(probabilities, targets, gradient);
            return;
        }

        FromProbabilities(probabilities, targets, gradient);
        ReduceGradient(gradient.AsSpan(), probabilities.Rows, probabilities.Columns);
    }

    /// <inheritdoc/>
    private protected override double MeanDivisor(int rows, int columns) => rows;

    /// <inheritdoc/>
    protected override float ComputeCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows, int columns)
    {
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            if (targets[i] != 0f)
            {
                sum -= targets[i] * Math.Max(Math.Log(predictions[i]), LogFloor);
            }
        }

        return (float)(sum / Math.Max(rows, 1));
    }

    /// <inheritdoc/>
    protected override void GradientCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns)
    {
        double scale = 1.0 / Math.Max(rows, 1);
        for (int i = 0; i < predictions.Length; i++)
        {
            gradient[i] = (float)(-targets[i] / Math.Max(predictions[i], ProbabilityFloor) * scale);
        }
    }

    /// <inheritdoc/>
    internal override void CheckOutputLayer(Layer outputLayer, int? outputs)
    {
        if (outputLayer is not Softmax)
        {
            throw new ArgumentException(
                $"CategoricalCrossEntropy needs a Softmax output layer (one distribution per row); the model ends in {outputLayer.Name}. "
                + "Use BinaryCrossEntropy with Sigmoid for independent yes/no outputs.",
                nameof(outputLayer));
        }

        if (outputs is 1)
        {
            throw new ArgumentException(
                "CategoricalCrossEntropy over a single output is always 0 (softmax of one value is 1); use two or more classes, or Sigmoid with BinaryCrossEntropy.",
                nameof(outputs));
        }
    }

    /// <inheritdoc/>
    internal override void CheckTargets(Tensor targets, string paramName)
    {
        for (int r = 0; r < targets.Rows; r++)
        {
            double sum = 0;
            foreach (float t in targets.Row(r))
            {
                if (t < 0f)
                {
                    throw new ArgumentException($"Categorical targets must be non-negative; row {r} holds {t}.", paramName);
                }

                sum += t;
            }

            if (Math.Abs(sum - 1) > 1e-3)
            {
                throw new ArgumentException(
                    $"Categorical targets must be one-hot or probability rows summing to 1; row {r} sums to {sum}.", paramName);
            }
        }
    }

    private static void FromProbabilities(Tensor probabilities, Tensor targets, Tensor gradient)
    {
        int rows = probabilities.Rows;
        float scale = 1f / Math.Max(rows, 1);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> p = probabilities.Row(r), t = targets.Row(r);
            Span<float> g = gradient.Row(r);
            float targetSum = 0f;
            foreach (float value in t)
            {
                targetSum += value;
            }

            for (int j = 0; j < p.Length; j++)
            {
                g[j] = ((p[j] * targetSum) - t[j]) * scale;
            }
        }
    }
}
