using NeuralNet.Optimizers;

namespace NeuralNet.Schedules;

/// <summary>
/// The one-cycle policy (Smith and Topin, 2018), stepped once per batch: the learning rate rises
/// along a cosine from max_lr/div_factor to max_lr, then falls to a far lower minimum, while the
/// momentum does the opposite.
/// </summary>
/// <remarks>
/// <para>
/// With T = total_steps, η_start = max_lr / div_factor, η_end = η_start / final_div_factor, the
/// phase boundary a = pct_start·T − 1 (a double, not rounded) and
/// anneal(from, to, q) = to + (from − to)·(1 + cos(π q)) / 2:
/// for e ≤ a, lrₑ = anneal(η_start, max_lr, e / a) and momentumₑ = anneal(max_m, base_m, e / a);
/// for e &gt; a, with q = (e − a) / (T − 1 − a), lrₑ = anneal(max_lr, η_end, q) and
/// momentumₑ = anneal(base_m, max_m, q). The rate reaches max_lr only when a is a whole number,
/// and η_end at e = T − 1; step T is allowed (its rate is never used in training), beyond it is an error.
/// </para>
/// <para>
/// The optimizer's own learning rate is ignored. Matches
/// <c>torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr, total_steps, pct_start=0.3,
/// anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85, max_momentum=0.95,
/// div_factor=25.0, final_div_factor=1e4, three_phase=False)</c>; the linear anneal strategy and the
/// three-phase variant are not offered.
/// </para>
/// <para>
/// Momentum: with <c>cycleMomentum</c> (the default, as PyTorch's <c>cycle_momentum=True</c>) the
/// schedule writes momentumₑ into the optimizer at every step: β₁ of <see cref="Adam"/> and
/// <see cref="AdamW"/> (whose bias correction then uses the current β₁, as torch's does), μ of
/// <see cref="Momentum"/>, <see cref="Nesterov"/> and of an <see cref="RmsProp"/> built with a
/// momentum. An optimizer without one (<see cref="Sgd"/>, <see cref="Adagrad"/>, RMSProp without
/// momentum) is refused, as PyTorch refuses it, unless <c>cycleMomentum</c> is false.
/// </para>
/// </remarks>
public sealed class OneCycleLR : LearningRateScheduler
{
    /// <summary>Creates the schedule and sets the optimizer's rate to lr₀ = max_lr / div_factor.</summary>
    /// <param name="optimizer">The optimizer; its own learning rate is replaced.</param>
    /// <param name="maxLearningRate">max_lr, the peak rate, finite and &gt; 0.</param>
    /// <param name="totalSteps">T, the number of batches of the whole cycle, ≥ 2.</param>
    /// <param name="pctStart">The fraction of the cycle spent rising, in (0, 1); the rising and falling phases must each last more than 0 steps (1 &lt; pct_start·T &lt; T).</param>
    /// <param name="divFactor">max_lr / η_start, finite and &gt; 0.</param>
    /// <param name="finalDivFactor">η_start / η_end, finite and &gt; 0.</param>
    /// <param name="baseMomentum">The momentum at the peak rate, in [0, 1).</param>
    /// <param name="maxMomentum">The momentum at the start and end of the cycle, in [0, 1).</param>
    /// <param name="cycleMomentum">Whether to move the optimizer's momentum (β₁) opposite to the rate (see remarks).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the exception names it.</exception>
    /// <exception cref="ArgumentException"><paramref name="cycleMomentum"/> is set and the optimizer has no momentum or β₁.</exception>
    public OneCycleLR(
        Optimizer optimizer, double maxLearningRate, int totalSteps, double pctStart = 0.3, double divFactor = 25,
        double finalDivFactor = 1e4, double baseMomentum = 0.85, double maxMomentum = 0.95, bool cycleMomentum = true)
        : base(optimizer)
    {
        if (cycleMomentum && optimizer.CycledMomentumName is null)
        {
            throw new ArgumentException(
                $"OneCycleLR cycles the momentum (cycleMomentum: true, PyTorch's default), but {optimizer.GetType().Name} has no momentum or beta1 to cycle; " +
                "use Momentum, Nesterov, Adam, AdamW or an RmsProp built with a momentum, or pass cycleMomentum: false.",
                nameof(optimizer));
        }

        CycleMomentum = cycleMomentum;
        MaxLearningRate = RequirePositive(maxLearningRate, nameof(maxLearningRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 2);
        TotalSteps = totalSteps;
        if (!(pctStart > 0 && pctStart < 1 && pctStart * totalSteps > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, $"pctStart must be in (0, 1) with pctStart·totalSteps > 1 (here totalSteps is {totalSteps}), so that the rising phase lasts more than 0 steps.");
        }

        PctStart = pctStart;
        DivFactor = RequirePositive(divFactor, nameof(divFactor));
        FinalDivFactor = RequirePositive(finalDivFactor, nameof(finalDivFactor));
        BaseMomentum = RequireMomentum(baseMomentum, nameof(baseMomentum));
        MaxMomentum = RequireMomentum(maxMomentum, nameof(maxMomentum));
        Initialize();
    }

    /// <summary>max_lr, the peak rate.</summary>
    public double MaxLearningRate { get; }

    /// <summary>T, the number of steps of the whole cycle.</summary>
    public int TotalSteps { get; }

    /// <summary>The fraction of the cycle spent rising.</summary>
    public double PctStart { get; }

    /// <summary>max_lr / η_start.</summary>
    public double DivFactor { get; }

    /// <summary>η_start / η_end.</summary>
    public double FinalDivFactor { get; }

    /// <summary>The momentum at the peak rate.</summary>
    public double BaseMomentum { get; }

    /// <summary>The momentum at the start and end of the cycle.</summary>
    public double MaxMomentum { get; }

    /// <summary>Whether the schedule writes <see cref="LastMomentum"/> into the optimizer's momentum or β₁.</summary>
    public bool CycleMomentum { get; }

    /// <summary>momentumₑ, the momentum (SGD's μ or Adam's β₁) of the current step; written into the optimizer when <see cref="CycleMomentum"/> is set.</summary>
    public double LastMomentum => Anneal(StepCount, MaxMomentum, BaseMomentum, BaseMomentum, MaxMomentum);

    /// <inheritdoc/>
    private protected override int MaxStepCount => TotalSteps;

    /// <summary>Writes momentumₑ into the optimizer with each rate: at construction, every step and a restore.</summary>
    private protected override void Applied()
    {
        if (CycleMomentum)
        {
            Optimizer.SetCycledMomentum((float)LastMomentum);
        }
    }

    /// <inheritdoc/>
    protected override double LearningRateAt(int epoch, double previous)
    {
        if (epoch > TotalSteps)
        {
            throw new InvalidOperationException($"OneCycleLR was created for {TotalSteps} steps; step {epoch} is beyond it.");
        }

        double start = MaxLearningRate / DivFactor;
        return Anneal(epoch, start, MaxLearningRate, MaxLearningRate, start / FinalDivFactor);
    }

    /// <summary>The value after <paramref name="epoch"/> steps of a quantity going from <paramref name="first"/> to <paramref name="peak"/> in phase 1 and from <paramref name="peakAgain"/> to <paramref name="last"/> in phase 2.</summary>
    private double Anneal(int epoch, double first, double peak, double peakAgain, double last)
    {
        double boundary = (PctStart * TotalSteps) - 1;
        return epoch <= boundary
            ? Cosine(first, peak, epoch / boundary)
            : Cosine(peakAgain, last, (epoch - boundary) / (TotalSteps - 1 - boundary));
    }

    /// <summary>anneal(from, to, q) = to + (from − to)·(1 + cos(π q)) / 2, in PyTorch's order of operations.</summary>
    private static double Cosine(double from, double to, double q) => to + ((from - to) / 2.0 * (Math.Cos(Math.PI * q) + 1));

    private static double RequireMomentum(double value, string name) =>
        value >= 0 && value < 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
}
