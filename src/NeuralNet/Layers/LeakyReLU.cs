using System.Globalization;
using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>The leaky rectified linear unit, element-wise: a ReLU that keeps a small slope for negative inputs.</summary>
/// <remarks>
/// Forward: y = x where x &gt; 0, else s·x, with s the <see cref="NegativeSlope"/>.
/// Backward (reads the input): ∂L/∂x = ∂L/∂y where x &gt; 0, else s·∂L/∂y (the derivative at 0
/// is taken as s, as in PyTorch's <c>nn.LeakyReLU</c>).
/// </remarks>
#pragma warning disable CA1709 // "ReLU" as every course and framework writes it.
public sealed class LeakyReLU : Activation
#pragma warning restore CA1709
{
    /// <summary>Creates the layer.</summary>
    /// <param name="negativeSlope">s, the slope for x ≤ 0: finite and not negative (PyTorch's default 0.01).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="negativeSlope"/> is negative, infinite or NaN.</exception>
    public LeakyReLU(float negativeSlope = 0.01f)
    {
        if (!float.IsFinite(negativeSlope) || negativeSlope < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "The negative slope of a LeakyReLU must be finite and not negative.");
        }

        NegativeSlope = negativeSlope;
    }

    /// <summary>s, the slope for inputs x ≤ 0.</summary>
    public float NegativeSlope { get; }

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"LeakyReLU({NegativeSlope})");

    /// <inheritdoc/>
    protected override void Apply(Tensor input, Tensor output) =>
        ActivationKernels.LeakyRelu(NegativeSlope, input.AsSpan(), output.AsSpan());

    /// <inheritdoc/>
    protected override void Derive(Tensor output, Tensor outputGradient, Tensor inputGradient) =>
        ActivationKernels.LeakyReluBackward(NegativeSlope, Input.AsSpan(), outputGradient.AsSpan(), inputGradient.AsSpan());
}
