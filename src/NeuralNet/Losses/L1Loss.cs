namespace NeuralNet.Losses;

/// <summary>Mean absolute error, a regression loss less swayed by outliers than <see cref="MeanSquaredError"/>.</summary>
/// <remarks>
/// L = (1/N) Σᵢ |pᵢ − tᵢ| over all N elements; ∂L/∂pᵢ = sign(pᵢ − tᵢ)/N (0 where pᵢ = tᵢ, as PyTorch).
/// Matches <c>torch.nn.L1Loss</c>.
/// </remarks>
public sealed class L1Loss : Loss
{
    /// <inheritdoc/>
    protected override float ComputeCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows, int columns)
    {
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            sum += Math.Abs((double)predictions[i] - targets[i]);
        }

        return (float)(sum / Math.Max(predictions.Length, 1));
    }

    /// <inheritdoc/>
    protected override void GradientCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns)
    {
        float scale = 1f / Math.Max(predictions.Length, 1);
        for (int i = 0; i < predictions.Length; i++)
        {
            gradient[i] = scale * MathF.Sign(predictions[i] - targets[i]);
        }
    }
}
