using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>The rectified linear unit, element-wise: the usual hidden activation of deep networks.</summary>
/// <remarks>
/// Forward: y = max(x, 0). Backward (reads the output): ∂L/∂x = ∂L/∂y where y &gt; 0, else 0
/// (the derivative at 0 is taken as 0, as in PyTorch). Pair it with <see cref="WeightInitialization.He"/>.
/// </remarks>
#pragma warning disable CA1709 // "ReLU" is the name every course and framework uses.
public sealed class ReLU : Activation
#pragma warning restore CA1709
{
    /// <inheritdoc/>
    private protected override Tensor ForwardFusedCore(Tensor input) => AdoptOutput(input);

    /// <summary>In a fused pair the dense layer before has already rectified its output: nothing is left to do.</summary>
    private protected override Tensor InferCore(Tensor input, Tensor scratch, bool fused) =>
        fused ? input : base.InferCore(input, scratch, fused);

    /// <inheritdoc/>
    protected override void Apply(Tensor input, Tensor output) =>
        ActivationKernels.Relu(input.AsSpan(), output.AsSpan());

    /// <inheritdoc/>
    protected override void Derive(Tensor output, Tensor outputGradient, Tensor inputGradient) =>
        ActivationKernels.ReluBackward(output.AsSpan(), outputGradient.AsSpan(), inputGradient.AsSpan());
}
