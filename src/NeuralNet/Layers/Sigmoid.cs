using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>The logistic function, element-wise: the output layer for binary and multi-label classification.</summary>
/// <remarks>
/// Forward: y = σ(x) = 1 / (1 + e^−x). Backward (reads the output): ∂L/∂x = ∂L/∂y · y(1 − y).
/// Paired with <see cref="Losses.BinaryCrossEntropy"/>, the trainer skips this backward pass and
/// uses the fused gradient (y − t)/N, which cannot vanish through a saturated y.
/// </remarks>
public sealed class Sigmoid : Activation
{
    /// <inheritdoc/>
    protected override void Apply(Tensor input, Tensor output) =>
        ActivationKernels.Sigmoid(input.AsSpan(), output.AsSpan());

    /// <inheritdoc/>
    protected override void Derive(Tensor output, Tensor outputGradient, Tensor inputGradient) =>
        ActivationKernels.SigmoidBackward(output.AsSpan(), outputGradient.AsSpan(), inputGradient.AsSpan());
}
