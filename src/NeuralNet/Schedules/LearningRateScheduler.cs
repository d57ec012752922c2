using System.Globalization;
using NeuralNet.Optimizers;

namespace NeuralNet.Schedules;

/// <summary>
/// Drives an optimizer's learning rate along a schedule: each <see cref="Step"/> moves one step
/// (an epoch, or a batch for <see cref="OneCycleLR"/>) and writes the new rate into the optimizer.
/// </summary>
/// <remarks>
/// <para>
/// Semantics of <c>torch.optim.lr_scheduler</c> (PyTorch 1.13): the constructor already performs
/// step 0, so the rate right after construction is lr₀ (for most schedules the base rate; for
/// <see cref="LinearLR"/> base·start_factor, for <see cref="OneCycleLR"/> max_lr/div_factor), and
/// after e calls of <see cref="Step"/> it is lrₑ. Call <see cref="Step"/> after the optimizer's
/// step, as in PyTorch.
/// </para>
/// <para>
/// The base rate η₀ is the optimizer's <see cref="Optimizer.LearningRate"/> at construction. The
/// schedule runs in double precision, as PyTorch's Python floats do, and writes the rate rounded to
/// float into the optimizer. η₀ is read as the shortest decimal that round-trips the float (0.1f
/// is taken as 0.1, not 0.100000001490116), which is the number the user wrote; so the sequence
/// agrees with PyTorch's to double precision rather than to float. Schedules that PyTorch computes
/// recursively from the previous rate are computed recursively here too, from the scheduler's own
/// double rate (a rate set directly on the optimizer in between is overwritten, not followed).
/// </para>
/// <para>
/// <see cref="SaveState"/> and <see cref="RestoreState"/> carry the step count and the current rate,
/// which is all a schedule depends on besides its hyperparameters: a restored scheduler continues
/// the same sequence. <see cref="ReduceLROnPlateau"/>, driven by a metric, is a separate class, as in
/// PyTorch 1.13.
/// </para>
/// </remarks>
public abstract class LearningRateScheduler
{
    /// <summary>Stores the optimizer and reads its base rate; a derived constructor calls <see cref="Initialize"/> last.</summary>
    /// <param name="optimizer">The optimizer whose learning rate the schedule drives.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    protected LearningRateScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        BaseLearningRate = Widen(optimizer.LearningRate);
    }

    /// <summary>The optimizer whose learning rate this schedule sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>η₀: the optimizer's learning rate when the scheduler was created (PyTorch's <c>base_lrs</c>).</summary>
    public double BaseLearningRate { get; }

    /// <summary>The number of <see cref="Step"/> calls so far, e (PyTorch's <c>last_epoch</c>); 0 after construction.</summary>
    public int StepCount { get; private set; }

    /// <summary>The current learning rate lrₑ in double precision (PyTorch's <c>get_last_lr()</c>); the optimizer holds it rounded to float.</summary>
    public double LastLearningRate { get; private set; }

    /// <summary>Moves the schedule one step on and writes the new learning rate into the optimizer.</summary>
    /// <exception cref="InvalidOperationException">The schedule has no further step (<see cref="OneCycleLR"/> past its total steps).</exception>
    public void Step()
    {
        double next = LearningRateAt(StepCount + 1, LastLearningRate);
        StepCount++;
        Apply(next);
    }

    /// <summary>The step count and current learning rate, from which <see cref="RestoreState"/> continues the same sequence.</summary>
    /// <returns>A snapshot of the schedule's state.</returns>
    public SchedulerState SaveState() => new(StepCount, LastLearningRate);

    /// <summary>
    /// Returns the schedule to a saved state and writes its learning rate into the optimizer; the
    /// following steps give what the saved scheduler's would have.
    /// </summary>
    /// <param name="state">A state from <see cref="SaveState"/> of a scheduler with the same hyperparameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The step count is negative or beyond the schedule, or the rate is not finite and ≥ 0.</exception>
    public void RestoreState(SchedulerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(state.StepCount, nameof(state));
        if (state.StepCount > MaxStepCount)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state.StepCount, $"The saved step count {state.StepCount} is beyond this schedule's {MaxStepCount} steps.");
        }

        RequireRate(state.LearningRate, nameof(state));
        StepCount = state.StepCount;
        Apply(state.LearningRate);
    }

    /// <summary>The largest step count the schedule reaches; unlimited unless a derived class says otherwise.</summary>
    private protected virtual int MaxStepCount => int.MaxValue;

    /// <summary>The learning rate after <paramref name="epoch"/> steps, the formula in the derived class's remarks.</summary>
    /// <param name="epoch">e ≥ 0 (PyTorch's name for the step count); 0 is the rate right after construction.</param>
    /// <param name="previous">lrₑ₋₁ (η₀ when <paramref name="epoch"/> is 0), for the schedules PyTorch computes recursively.</param>
    /// <returns>lrₑ.</returns>
    protected abstract double LearningRateAt(int epoch, double previous);

    /// <summary>Performs step 0, as PyTorch's constructor does: the last line of every derived constructor.</summary>
    protected void Initialize() => Apply(LearningRateAt(0, BaseLearningRate));

    /// <summary>Throws unless <paramref name="value"/> is finite and &gt; 0.</summary>
    /// <param name="value">The hyperparameter.</param>
    /// <param name="name">The constructor parameter's name, for the exception.</param>
    /// <returns>The value.</returns>
    protected static double RequirePositive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and greater than 0.");

    /// <summary>Throws unless <paramref name="value"/> is finite and ≥ 0.</summary>
    /// <param name="value">The hyperparameter.</param>
    /// <param name="name">The constructor parameter's name, for the exception.</param>
    /// <returns>The value.</returns>
    protected static double RequireNonNegative(double value, string name) => RequireRate(value, name);

    /// <summary>The float learning rate as the decimal it was written as (0.1f → 0.1).</summary>
    internal static double Widen(float rate) =>
        double.Parse(rate.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Throws unless <paramref name="value"/> is finite and ≥ 0.</summary>
    internal static double RequireRate(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and at least 0.");

    /// <summary>Called after every rate the schedule writes (construction, each step, a restore): a schedule that also moves another hyperparameter sets it here.</summary>
    private protected virtual void Applied()
    {
    }

    private void Apply(double rate)
    {
        LastLearningRate = rate;
        Optimizer.SetScheduledLearningRate((float)rate);
        Applied();
    }
}
