using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>Row-wise softmax: turns each row of scores into a probability distribution (multi-class output).</summary>
/// <remarks>
/// Forward: yᵢ = e^(xᵢ − max x) / Σⱼ e^(xⱼ − max x). Backward (reads the output):
/// ∂L/∂xᵢ = yᵢ (∂L/∂yᵢ − Σⱼ ∂L/∂yⱼ yⱼ). Paired with <see cref="Losses.CategoricalCrossEntropy"/>, the
/// trainer skips this backward pass and uses the fused gradient (y − t)/rows.
/// </remarks>
public sealed class Softmax : Activation
{
    /// <inheritdoc/>
    protected override void Apply(Tensor input, Tensor output) =>
        SoftmaxKernel.Forward(input.AsSpan(), output.AsSpan(), input.Rows, input.Columns);

    /// <inheritdoc/>
    protected override void Derive(Tensor output, Tensor outputGradient, Tensor inputGradient) =>
        SoftmaxKernel.Backward(output.AsSpan(), outputGradient.AsSpan(), inputGradient.AsSpan(), output.Rows, output.Columns);
}
