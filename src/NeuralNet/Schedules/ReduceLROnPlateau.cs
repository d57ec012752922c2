using NeuralNet.Optimizers;

namespace NeuralNet.Schedules;

/// <summary>Multiplies the learning rate by a factor when a metric to minimise (a validation loss) stops improving.</summary>
/// <remarks>
/// <para>
/// State: best = +∞, bad = 0, cooldown = 0. <see cref="Step(double)"/> with the metric v:
/// (1) if v improves on best — v &lt; best·(1 − threshold) (relative) or v &lt; best − threshold
/// (absolute) — then best ← v and bad ← 0, else bad ← bad + 1;
/// (2) if cooldown &gt; 0: cooldown ← cooldown − 1 and bad ← 0;
/// (3) if bad &gt; patience: new = max(lr·factor, min_lr), applied only if lr − new &gt; eps; then
/// cooldown ← cooldown steps and bad ← 0.
/// </para>
/// <para>
/// So the rate drops at the (patience + 1)-th consecutive step without improvement; steps in the
/// cooldown do not count (but can still set best); best is never reset. For a metric to maximise
/// (an accuracy), pass its negative.
/// </para>
/// <para>
/// Matches <c>torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode='min', factor=0.1,
/// patience=10, threshold=1e-4, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8)</c>, which in
/// PyTorch 1.13 is not an <c>_LRScheduler</c>; likewise this class is not a
/// <see cref="LearningRateScheduler"/>, since its step needs the metric. The base rate is read from
/// the optimizer as <see cref="LearningRateScheduler"/> reads it.
/// </para>
/// </remarks>
public sealed class ReduceLROnPlateau
{
    private readonly Optimizer _optimizer;

    /// <summary>The optimizer whose rate this schedule reduces.</summary>
    public Optimizer Optimizer => _optimizer;

    /// <summary>Creates the schedule; the optimizer's rate is left as it is.</summary>
    /// <param name="optimizer">The optimizer whose rate is reduced.</param>
    /// <param name="factor">The factor of each reduction, in (0, 1).</param>
    /// <param name="patience">The number of steps without improvement tolerated before a reduction, ≥ 0.</param>
    /// <param name="threshold">The least improvement that counts, finite and ≥ 0 (relative or absolute per <paramref name="thresholdMode"/>).</param>
    /// <param name="thresholdMode">Whether <paramref name="threshold"/> is relative to best or absolute.</param>
    /// <param name="cooldown">The number of steps after a reduction during which no step counts as bad, ≥ 0.</param>
    /// <param name="minLearningRate">The rate is never reduced below this, finite and ≥ 0.</param>
    /// <param name="epsilon">A reduction smaller than this is not applied, finite and ≥ 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the exception names it.</exception>
    public ReduceLROnPlateau(
        Optimizer optimizer, double factor = 0.1, int patience = 10, double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Relative, int cooldown = 0, double minLearningRate = 0, double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be in (0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        if (!Enum.IsDefined(thresholdMode))
        {
            throw new ArgumentOutOfRangeException(nameof(thresholdMode), thresholdMode, "thresholdMode must be Relative or Absolute.");
        }

        _optimizer = optimizer;
        Factor = factor;
        Patience = patience;
        Threshold = LearningRateScheduler.RequireRate(threshold, nameof(threshold));
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        MinLearningRate = LearningRateScheduler.RequireRate(minLearningRate, nameof(minLearningRate));
        Epsilon = LearningRateScheduler.RequireRate(epsilon, nameof(epsilon));
        LastLearningRate = LearningRateScheduler.Widen(optimizer.LearningRate);
    }

    /// <summary>The factor of each reduction.</summary>
    public double Factor { get; }

    /// <summary>The number of steps without improvement tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The least improvement that counts.</summary>
    public double Threshold { get; }

    /// <summary>Whether <see cref="Threshold"/> is relative to the best value or absolute.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>The number of steps after a reduction during which no step counts as bad.</summary>
    public int Cooldown { get; }

    /// <summary>The floor of the rate.</summary>
    public double MinLearningRate { get; }

    /// <summary>The smallest reduction that is applied.</summary>
    public double Epsilon { get; }

    /// <summary>The number of <see cref="Step(double)"/> calls so far.</summary>
    public int StepCount { get; private set; }

    /// <summary>The current learning rate in double precision; the optimizer holds it rounded to float.</summary>
    public double LastLearningRate { get; private set; }

    /// <summary>The best metric so far (+∞ before the first step).</summary>
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>The number of consecutive steps without improvement, outside the cooldown.</summary>
    public int BadSteps { get; private set; }

    /// <summary>The number of steps left in the cooldown.</summary>
    public int CooldownRemaining { get; private set; }

    /// <summary>Records one value of the metric (once per epoch) and reduces the rate if it has stopped improving.</summary>
    /// <param name="metric">The metric to minimise, such as the epoch's validation loss.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="metric"/> is NaN (PyTorch would count it as a bad step silently).</exception>
    public void Step(double metric)
    {
        if (double.IsNaN(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "The metric is NaN; the training has probably diverged.");
        }

        StepCount++;
        double bar = ThresholdMode == ThresholdMode.Relative ? Best * (1 - Threshold) : Best - Threshold;
        if (metric < bar)
        {
            Best = metric;
            BadSteps = 0;
        }
        else
        {
            BadSteps++;
        }

        if (CooldownRemaining > 0)
        {
            CooldownRemaining--;
            BadSteps = 0;
        }

        if (BadSteps > Patience)
        {
            double reduced = Math.Max(LastLearningRate * Factor, MinLearningRate);
            if (LastLearningRate - reduced > Epsilon)
            {
                Apply(reduced);
            }

            CooldownRemaining = Cooldown;
            BadSteps = 0;
        }
    }

    /// <summary>The step count, rate, best value, bad-step count and cooldown, from which <see cref="RestoreState"/> continues.</summary>
    /// <returns>A snapshot of the schedule's state.</returns>
    public SchedulerState SaveState() =>
        new(StepCount, LastLearningRate) { Best = Best, BadSteps = BadSteps, CooldownRemaining = CooldownRemaining };

    /// <summary>Returns the schedule to a saved state and writes its learning rate into the optimizer.</summary>
    /// <param name="state">A state from <see cref="SaveState"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, the rate is not finite and ≥ 0, or best is NaN.</exception>
    public void RestoreState(SchedulerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.StepCount < 0 || state.BadSteps < 0 || state.CooldownRemaining < 0 || double.IsNaN(state.Best))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "The saved plateau state has a negative count or a NaN best value.");
        }

        LearningRateScheduler.RequireRate(state.LearningRate, nameof(state));
        StepCount = state.StepCount;
        Best = state.Best;
        BadSteps = state.BadSteps;
        CooldownRemaining = state.CooldownRemaining;
        Apply(state.LearningRate);
    }

    private void Apply(double rate)
    {
        LastLearningRate = rate;
        _optimizer.SetScheduledLearningRate((float)rate);
    }
}
