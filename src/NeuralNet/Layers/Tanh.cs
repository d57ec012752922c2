using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>The hyperbolic tangent, element-wise: a zero-centred hidden activation.</summary>
/// <remarks>Forward: y = tanh x. Backward (reads the output): ∂L/∂x = ∂L/∂y · (1 − y²).</remarks>
public sealed class Tanh : Activation
{
    /// <inheritdoc/>
    protected override void Apply(Tensor input, Tensor output) =>
        ActivationKernels.Tanh(input.AsSpan(), output.AsSpan());

    /// <inheritdoc/>
    protected override void Derive(Tensor output, Tensor outputGradient, Tensor inputGradient) =>
        ActivationKernels.TanhBackward(output.AsSpan(), outputGradient.AsSpan(), inputGradient.AsSpan());
}
