namespace NeuralNet.Losses;

/// <summary>Huber loss: squared for small residuals, absolute for large ones — robust regression.</summary>
/// <remarks>
/// With d = p − t: ℓ = ½d² if |d| &lt; δ, else δ(|d| − ½δ); L = (1/N) Σ ℓ; ∂ℓ/∂p = d, or δ·sign(d).
/// Matches <c>torch.nn.HuberLoss(delta=δ)</c> (not <c>SmoothL1Loss</c>, which divides by its β;
/// the two agree only at 1).
/// </remarks>
public sealed class HuberLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="delta">δ, where the loss turns from squared to absolute; finite and &gt; 0 (PyTorch's default 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not finite and &gt; 0.</exception>
    public HuberLoss(float delta = 1f)
    {
        if (!(delta > 0f && float.IsFinite(delta)))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be finite and greater than 0.");
        }

        Delta = delta;
    }

    /// <summary>δ, the residual size where the loss turns from squared to absolute.</summary>
    public float Delta { get; }

    /// <inheritdoc/>
    protected override float ComputeCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows, int columns)
    {
        double sum = 0, delta = Delta;
        for (int i = 0; i < predictions.Length; i++)
        {
            double d = Math.Abs((double)predictions[i] - targets[i]);
            sum += d < delta ? 0.5 * d * d : delta * (d - (0.5 * delta));
        }

        return (float)(sum / Math.Max(predictions.Length, 1));
    }

    /// <inheritdoc/>
    protected override void GradientCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns)
    {
        float scale = 1f / Math.Max(predictions.Length, 1), delta = Delta;
        for (int i = 0; i < predictions.Length; i++)
        {
            float d = predictions[i] - targets[i];
            gradient[i] = scale * (MathF.Abs(d) < delta ? d : delta * MathF.Sign(d));
        }
    }
}
