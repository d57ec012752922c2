using System.Globalization;
using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>The softplus function, element-wise: a smooth ReLU, log(1 + e^{βx})/β, linear above a threshold.</summary>
/// <remarks>
/// Forward: y = log(1 + e^{βx})/β where βx ≤ t, else x, with β the <see cref="Beta"/> and t the
/// <see cref="Threshold"/> (as PyTorch's <c>nn.Softplus</c>; above t the two differ by less than
/// e^{−t}/β). Backward (reads the input): ∂L/∂x = ∂L/∂y · σ(βx) where βx ≤ t, else ∂L/∂y.
/// The forward value is computed in double precision, element by element (there is no vector form);
/// the backward pass is vectorised.
/// </remarks>
public sealed class Softplus : Activation
{
    /// <summary>Creates the layer.</summary>
    /// <param name="beta">β, the sharpness: finite and positive (default 1).</param>
    /// <param name="threshold">t, the value of βx above which the layer is the identity: finite (default 20).</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="beta"/> is not positive or not finite, or <paramref name="threshold"/> is infinite or NaN.
    /// </exception>
    public Softplus(float beta = 1f, float threshold = DefaultThreshold)
    {
        if (!float.IsFinite(beta) || beta <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "The beta of a Softplus must be finite and positive.");
        }

        if (!float.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold of a Softplus must be finite.");
        }

        Beta = beta;
        Threshold = threshold;
    }

    /// <summary>The default <see cref="Threshold"/>, PyTorch's: 20.</summary>
    public const float DefaultThreshold = 20f;

    /// <summary>β, the sharpness.</summary>
    public float Beta { get; }

    /// <summary>t, the value of βx above which the layer passes x through unchanged.</summary>
    public float Threshold { get; }

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"Softplus(β={Beta}, threshold={Threshold})");

    /// <inheritdoc/>
    protected override void Apply(Tensor input, Tensor output) =>
        ActivationKernels.Softplus(Beta, Threshold, input.AsSpan(), output.AsSpan());

    /// <inheritdoc/>
    protected override void Derive(Tensor output, Tensor outputGradient, Tensor inputGradient) =>
        ActivationKernels.SoftplusBackward(Beta, Threshold, Input.AsSpan(), outputGradient.AsSpan(), inputGradient.AsSpan());
}
