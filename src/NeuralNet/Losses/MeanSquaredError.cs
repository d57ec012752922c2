namespace NeuralNet.Losses;

/// <summary>Mean squared error, the loss of regression (pair it with an <see cref="Layers.Identity"/> output).</summary>
/// <remarks>
/// L = (1/N) Σᵢ (pᵢ − tᵢ)² over all N elements of the batch; ∂L/∂pᵢ = 2(pᵢ − tᵢ)/N.
/// Matches PyTorch's <c>F.mse_loss</c> with the default mean reduction.
/// </remarks>
public sealed class MeanSquaredError : Loss
{
    /// <inheritdoc/>
    protected override float ComputeCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows, int columns)
    {
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double d = predictions[i] - targets[i];
            sum += d * d;
        }

        return (float)(sum / Math.Max(predictions.Length, 1));
    }

    /// <inheritdoc/>
    protected override void GradientCore(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns)
    {
        float scale = 2f / Math.Max(predictions.Length, 1);
        for (int i = 0; i < predictions.Length; i++)
        {
            gradient[i] = scale * (predictions[i] - targets[i]);
        }
    }
}
