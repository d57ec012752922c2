using NeuralNet.Schedules;

namespace NeuralNet.Training;

/// <summary>Learning-rate schedules the trainer steps as training goes.</summary>
public sealed partial class Trainer
{
    /// <summary>
    /// A schedule of the trainer's optimizer (<see cref="StepLR"/>, <see cref="CosineAnnealingLR"/>,
    /// <see cref="OneCycleLR"/>, …), stepped after every epoch — or after every batch with
    /// <see cref="ScheduleEachBatch"/> — as in PyTorch's loop; <see langword="null"/> (the default) for none.
    /// Its state is part of a checkpoint.
    /// </summary>
    /// <exception cref="ArgumentException">On init: the schedule drives another optimizer.</exception>
    public LearningRateScheduler? LearningRateSchedule
    {
        get;
        init => field = value is not null && !ReferenceEquals(value.Optimizer, Optimizer)
            ? throw new ArgumentException("LearningRateSchedule must drive this trainer's optimizer.", nameof(LearningRateSchedule))
            : value;
    }

    /// <summary>Whether <see cref="LearningRateSchedule"/> is stepped after every batch (a <see cref="OneCycleLR"/> over the batches) instead of every epoch.</summary>
    public bool ScheduleEachBatch { get; init; }

    /// <summary>
    /// Reduces the optimizer's rate when the monitored loss (the validation loss when validation
    /// data is given, else the training loss) stops improving; stepped after every epoch, after
    /// <see cref="LearningRateSchedule"/>. Its state is part of a checkpoint.
    /// </summary>
    /// <exception cref="ArgumentException">On init: the schedule drives another optimizer.</exception>
    public ReduceLROnPlateau? ReduceOnPlateau
    {
        get;
        init => field = value is not null && !ReferenceEquals(value.Optimizer, Optimizer)
            ? throw new ArgumentException("ReduceOnPlateau must drive this trainer's optimizer.", nameof(ReduceOnPlateau))
            : value;
    }

    /// <summary>Steps the schedules at the end of an epoch.</summary>
    private void StepSchedulesAfterEpoch(EpochMetrics metrics)
    {
        if (LearningRateSchedule is not null && !ScheduleEachBatch)
        {
            LearningRateSchedule.Step();
        }

        ReduceOnPlateau?.Step(metrics.ValidationLoss ?? metrics.TrainingLoss);
    }
}
