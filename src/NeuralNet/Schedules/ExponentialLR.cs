using NeuralNet.Optimizers;

namespace NeuralNet.Schedules;

/// <summary>Multiplies the learning rate by γ at every step.</summary>
/// <remarks>
/// <para>lrₑ = η₀ · γᵉ, computed as PyTorch does, recursively: lrₑ = lrₑ₋₁ · γ for e ≥ 1.</para>
/// <para>Matches <c>torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma)</c>.</para>
/// </remarks>
public sealed class ExponentialLR : LearningRateScheduler
{
    /// <summary>Creates the schedule and sets the optimizer's rate to lr₀ = η₀.</summary>
    /// <param name="optimizer">The optimizer; its learning rate is η₀.</param>
    /// <param name="gamma">γ, the factor of each step, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is out of range.</exception>
    public ExponentialLR(Optimizer optimizer, double gamma)
        : base(optimizer)
    {
        Gamma = RequirePositive(gamma, nameof(gamma));
        Initialize();
    }

    /// <summary>γ, the factor of each step.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double LearningRateAt(int epoch, double previous) => epoch == 0 ? previous : previous * Gamma;
}
