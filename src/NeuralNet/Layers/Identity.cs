using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>The identity, y = x: the output "activation" of a regression network.</summary>
/// <remarks>Backward: ∂L/∂x = ∂L/∂y. The values are copied so that the output stays this layer's own buffer.</remarks>
public sealed class Identity : Activation
{
    /// <inheritdoc/>
    protected override void Apply(Tensor input, Tensor output) => input.AsSpan().CopyTo(output.AsSpan());

    /// <inheritdoc/>
    protected override void Derive(Tensor output, Tensor outputGradient, Tensor inputGradient) =>
        outputGradient.AsSpan().CopyTo(inputGradient.AsSpan());
}
