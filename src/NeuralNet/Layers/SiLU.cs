using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>The sigmoid linear unit (also called swish), element-wise: x weighted by its own sigmoid.</summary>
/// <remarks>
/// Forward: y = x·σ(x), σ(x) = 1/(1 + e^−x).
/// Backward (reads the input): ∂L/∂x = ∂L/∂y · σ(x)(1 + x(1 − σ(x))), as PyTorch's <c>nn.SiLU</c>.
/// </remarks>
#pragma warning disable CA1709 // "SiLU" as the paper and PyTorch write it.
public sealed class SiLU : Activation
#pragma warning restore CA1709
{
    /// <inheritdoc/>
    protected override void Apply(Tensor input, Tensor output) =>
        ActivationKernels.Silu(input.AsSpan(), output.AsSpan());

    /// <inheritdoc/>
    protected override void Derive(Tensor output, Tensor outputGradient, Tensor inputGradient) =>
        ActivationKernels.SiluBackward(Input.AsSpan(), outputGradient.AsSpan(), inputGradient.AsSpan());
}
