using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>The Gaussian error linear unit in its exact form, element-wise: x weighted by the normal probability of x.</summary>
/// <remarks>
/// Forward: y = x·Φ(x) = ½x(1 + erf(x/√2)), Φ the standard normal distribution function — the exact
/// form (PyTorch's <c>nn.GELU(approximate="none")</c>), not the tanh approximation.
/// Backward (reads the input): ∂L/∂x = ∂L/∂y · (Φ(x) + x·φ(x)), φ(x) = e^{−x²/2}/√(2π).
/// Both are computed in double precision, element by element (there is no vector form).
/// </remarks>
#pragma warning disable CA1709 // "GELU" as the paper and every framework write it.
public sealed class GELU : Activation
#pragma warning restore CA1709
{
    /// <inheritdoc/>
    protected override void Apply(Tensor input, Tensor output) =>
        ActivationKernels.Gelu(input.AsSpan(), output.AsSpan());

    /// <inheritdoc/>
    protected override void Derive(Tensor output, Tensor outputGradient, Tensor inputGradient) =>
        ActivationKernels.GeluBackward(Input.AsSpan(), outputGradient.AsSpan(), inputGradient.AsSpan());
}
