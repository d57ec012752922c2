using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Losses;

/// <summary>
/// A loss function: a number saying how far a batch of predictions is from its targets, and its
/// gradient with respect to the predictions. Losses are means over the batch by default, so the
/// learning rate does not depend on the batch size; <see cref="Reduction"/> = <see cref="LossReduction.Sum"/>
/// sums instead, as PyTorch's <c>reduction='sum'</c>.
/// </summary>
public abstract class Loss
{
    /// <summary>The mean loss of a batch.</summary>
    /// <param name="predictions">The network's outputs, [rows, outputs].</param>
    /// <param name="targets">The expected outputs, the same shape.</param>
    /// <returns>The loss, finite for finite inputs.</returns>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public float Compute(Tensor predictions, Tensor targets)
    {
        CheckShapes(predictions, targets, nameof(targets));
        return ComputeReduced(predictions.AsSpan(), targets.AsSpan(), predictions.Rows, predictions.Columns);
    }

    /// <summary>The loss with <see cref="Reduction"/> applied: the core's mean, or the sum. A loss whose options change the divisor (weighted cross-entropy) overrides it.</summary>
    private protected virtual float ComputeReduced(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows, int columns) =>
        Reduce(ComputeCore(predictions, targets, rows, columns), rows, columns);

    /// <summary>The gradient with <see cref="Reduction"/> applied; overridden with <see cref="ComputeReduced"/>.</summary>
    private protected virtual void GradientReduced(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns)
    {
        GradientCore(predictions, targets, gradient, rows, columns);
        ReduceGradient(gradient, rows, columns);
    }

    /// <summary>How the terms are combined: their mean (the default) or their sum.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined reduction.</exception>
    public LossReduction Reduction
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Reduction), value, "Unknown reduction.");
    }

    /// <summary>How many terms the mean divides by: every element by default (cross-entropy: every row).</summary>
    private protected virtual double MeanDivisor(int rows, int columns) => (double)rows * columns;

    /// <summary>The loss as <see cref="Reduction"/> asks, from the mean the core computed.</summary>
    private protected float Reduce(float mean, int rows, int columns) =>
        Reduction == LossReduction.Sum ? (float)(mean * MeanDivisor(rows, columns)) : mean;

    /// <summary>The gradient as <see cref="Reduction"/> asks, from the gradient of the mean.</summary>
    private protected void ReduceGradient(Span<float> gradient, int rows, int columns)
    {
        if (Reduction == LossReduction.Sum)
        {
            float scale = (float)MeanDivisor(rows, columns);
            foreach (ref float g in gradient)
            {
                g *= scale;
            }
        }
    }

    /// <summary>Writes ∂loss/∂predictions into <paramref name="gradient"/>.</summary>
    /// <param name="predictions">The network's outputs, [rows, outputs].</param>
    /// <param name="targets">The expected outputs, the same shape.</param>
    /// <param name="gradient">Where to write the gradient, the same shape.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void Gradient(Tensor predictions, Tensor targets, Tensor gradient)
    {
        CheckShapes(predictions, targets, nameof(targets));
        CheckShapes(predictions, gradient, nameof(gradient));
        GradientReduced(predictions.AsSpan(), targets.AsSpan(), gradient.AsSpan(), predictions.Rows, predictions.Columns);
    }

    /// <summary>The loss of row-major predictions and targets of <paramref name="rows"/> × <paramref name="columns"/>.</summary>
    /// <param name="predictions">The predictions.</param>
    /// <param name="targets">The targets.</param>
    /// <param name="rows">Rows in the batch.</param>
    /// <param name="columns">Values per row.</param>
    /// <returns>The mean loss.</returns>
    protected abstract float ComputeCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows, int columns);

    /// <summary>The gradient of <see cref="ComputeCore"/> with respect to the predictions.</summary>
    /// <param name="predictions">The predictions.</param>
    /// <param name="targets">The targets.</param>
    /// <param name="gradient">Where to write the gradient.</param>
    /// <param name="rows">Rows in the batch.</param>
    /// <param name="columns">Values per row.</param>
    protected abstract void GradientCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns);

    /// <summary>Whether the outputs are class probabilities, so that accuracy means something.</summary>
    internal virtual bool IsClassification => false;

    /// <summary>Throws when this loss does not fit the network's output layer (e.g. cross-entropy on a non-softmax output).</summary>
    internal virtual void CheckOutputLayer(Layer outputLayer, int? outputs)
    {
    }

    /// <summary>Throws when targets are outside what this loss accepts (e.g. BCE targets outside [0, 1]).</summary>
    internal virtual void CheckTargets(Tensor targets, string paramName)
    {
    }

    /// <summary>Throws unless the two tensors have the same shape.</summary>
    internal static void CheckShapes(Tensor predictions, Tensor other, string paramName)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(other);
        if (!predictions.HasSameShape(other))
        {
            throw new ArgumentException(
                $"{paramName} has shape {other.ShapeText} but the predictions have {predictions.ShapeText}.", paramName);
        }
    }
}
