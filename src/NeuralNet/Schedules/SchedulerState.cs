namespace NeuralNet.Schedules;

/// <summary>
/// What a learning-rate schedule needs besides its hyperparameters to continue where it was: for a
/// checkpoint. From <see cref="LearningRateScheduler.SaveState"/> or <see cref="ReduceLROnPlateau.SaveState"/>.
/// </summary>
/// <param name="StepCount">The number of steps taken (PyTorch's <c>last_epoch</c>).</param>
/// <param name="LearningRate">The current learning rate, in double precision.</param>
public sealed record SchedulerState(int StepCount, double LearningRate)
{
    /// <summary><see cref="ReduceLROnPlateau"/> only: the best metric so far (+∞ before the first step).</summary>
    public double Best { get; init; } = double.PositiveInfinity;

    /// <summary><see cref="ReduceLROnPlateau"/> only: consecutive steps without improvement.</summary>
    public int BadSteps { get; init; }

    /// <summary><see cref="ReduceLROnPlateau"/> only: steps left in the cooldown after a reduction.</summary>
    public int CooldownRemaining { get; init; }
}
