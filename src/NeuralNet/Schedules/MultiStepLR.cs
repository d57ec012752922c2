using NeuralNet.Optimizers;

namespace NeuralNet.Schedules;

/// <summary>Multiplies the learning rate by γ at each milestone step.</summary>
/// <remarks>
/// <para>lrₑ = η₀ · γ^(number of milestones ≤ e), computed as PyTorch does, recursively: at a milestone e
/// listed k times, lrₑ = lrₑ₋₁ · γᵏ, else lrₑ₋₁.</para>
/// <para>Matches <c>torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones, gamma=0.1)</c>.</para>
/// </remarks>
public sealed class MultiStepLR : LearningRateScheduler
{
    private readonly int[] _milestones;

    /// <summary>Creates the schedule and sets the optimizer's rate to lr₀ = η₀.</summary>
    /// <param name="optimizer">The optimizer; its learning rate is η₀.</param>
    /// <param name="milestones">The steps at which the rate decays, each ≥ 1, in increasing order (a repeated step decays once per listing, as in PyTorch).</param>
    /// <param name="gamma">γ, the factor of each decay, finite and &gt; 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="milestones"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the exception names it.</exception>
    public MultiStepLR(Optimizer optimizer, IReadOnlyList<int> milestones, double gamma = 0.1)
        : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _milestones = [.. milestones];
        for (int i = 0; i < _milestones.Length; i++)
        {
            int previous = i == 0 ? 1 : _milestones[i - 1];
            if (_milestones[i] < previous)
            {
                throw new ArgumentOutOfRangeException(nameof(milestones), _milestones[i], $"milestones[{i}] is {_milestones[i]}; milestones must be at least 1 and in increasing order.");
            }
        }

        Gamma = RequirePositive(gamma, nameof(gamma));
        Initialize();
    }

    /// <summary>The steps at which the rate decays, in increasing order.</summary>
    public IReadOnlyList<int> Milestones => _milestones;

    /// <summary>γ, the factor of each decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double LearningRateAt(int epoch, double previous)
    {
        int count = 0;
        foreach (int milestone in _milestones)
        {
            count += milestone == epoch ? 1 : 0;
        }

        return count == 0 ? previous : previous * Math.Pow(Gamma, count);
    }
}
