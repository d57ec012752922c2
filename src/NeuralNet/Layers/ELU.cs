using System.Globalization;
using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>The exponential linear unit, element-wise: linear for positive inputs, saturating smoothly to −α below 0.</summary>
/// <remarks>
/// Forward: y = x where x &gt; 0, else α(eˣ − 1), with α the <see cref="Alpha"/>.
/// Backward (reads the input): ∂L/∂x = ∂L/∂y where x &gt; 0, else ∂L/∂y · α·eˣ, as PyTorch's <c>nn.ELU</c>.
/// </remarks>
#pragma warning disable CA1709 // "ELU" as the paper and every framework write it.
public sealed class ELU : Activation
#pragma warning restore CA1709
{
    /// <summary>Creates the layer.</summary>
    /// <param name="alpha">α, the value the output tends to −α of as x → −∞: finite and not negative (default 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is negative, infinite or NaN.</exception>
    public ELU(float alpha = 1f)
    {
        if (!float.IsFinite(alpha) || alpha < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The alpha of an ELU must be finite and not negative.");
        }

        Alpha = alpha;
    }

    /// <summary>α, the scale of the negative part.</summary>
    public float Alpha { get; }

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"ELU({Alpha})");

    /// <inheritdoc/>
    protected override void Apply(Tensor input, Tensor output) =>
        ActivationKernels.Elu(Alpha, input.AsSpan(), output.AsSpan());

    /// <inheritdoc/>
    protected override void Derive(Tensor output, Tensor outputGradient, Tensor inputGradient) =>
        ActivationKernels.EluBackward(Alpha, Input.AsSpan(), outputGradient.AsSpan(), inputGradient.AsSpan());
}
