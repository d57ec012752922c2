using NeuralNet.Optimizers;

namespace NeuralNet.Schedules;

/// <summary>Multiplies the learning rate by γ every <see cref="StepSize"/> steps.</summary>
/// <remarks>
/// <para>lrₑ = η₀ · γ^⌊e / step_size⌋, computed as PyTorch does, recursively: lrₑ = lrₑ₋₁ · γ when e is a
/// positive multiple of step_size, else lrₑ₋₁.</para>
/// <para>Matches <c>torch.optim.lr_scheduler.StepLR(optimizer, step_size, gamma=0.1)</c>.</para>
/// </remarks>
public sealed class StepLR : LearningRateScheduler
{
    /// <summary>Creates the schedule and sets the optimizer's rate to lr₀ = η₀.</summary>
    /// <param name="optimizer">The optimizer; its learning rate is η₀.</param>
    /// <param name="stepSize">The number of steps between decays, ≥ 1.</param>
    /// <param name="gamma">γ, the factor of each decay, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the exception names it.</exception>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        StepSize = stepSize;
        Gamma = RequirePositive(gamma, nameof(gamma));
        Initialize();
    }

    /// <summary>The number of steps between decays.</summary>
    public int StepSize { get; }

    /// <summary>γ, the factor of each decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double LearningRateAt(int epoch, double previous) =>
        epoch > 0 && epoch % StepSize == 0 ? previous * Gamma : previous;
}
