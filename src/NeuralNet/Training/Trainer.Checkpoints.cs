using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Serialization;
using NeuralNet.Tensors;

namespace NeuralNet.Training;

/// <summary>Checkpoints, and resuming from one.</summary>
public sealed partial class Trainer
{
    /// <summary>
    /// Where to keep a checkpoint of the run, or <see langword="null"/> (the default) for none. When
    /// set, <see cref="Fit"/> and <see cref="Resume"/> save one at the end of every epoch, after
    /// validation and early stopping's decision: the model with its metadata, the optimizer's full
    /// state (moments, accumulators, per-parameter step counts, learning rate), the epoch, the
    /// shuffling position, the history and early stopping's record.
    /// </summary>
    /// <remarks>
    /// Each save replaces the file atomically (a unique temporary file, flushed, then renamed), so a
    /// process killed at any moment leaves the last complete checkpoint. A checkpoint is a
    /// <c>.nnet</c> model file with two more optional sections: <see cref="ModelFile.Load"/> reads
    /// it as the model it holds. Saving costs one write of about (1 + the optimizer's buffers per
    /// weight + 1 with early stopping) × 4 bytes per weight per epoch.
    /// </remarks>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// Continues the run a checkpoint recorded: the checkpoint's weights and optimizer state replace
    /// the model's and the optimizer's, and training runs from the epoch after the checkpoint's up
    /// to <see cref="Epochs"/>. The result is bit for bit that of an uninterrupted <see cref="Fit"/>.
    /// </summary>
    /// <remarks>
    /// Create the trainer as the interrupted run did — a network of the same layers, the same loss,
    /// an optimizer of the same type and settings, the same <see cref="BatchSize"/>,
    /// <see cref="Seed"/>, <see cref="Shuffle"/>, <see cref="Patience"/> and
    /// <see cref="MinImprovement"/> — and pass the same training data; each is checked, and a
    /// difference is refused rather than giving a run that is neither. <see cref="Epochs"/> may be
    /// larger, to train further. The learning rate is taken from the checkpoint (a schedule in
    /// <see cref="EpochEnded"/> may have changed it). A divergence in the first resumed epoch's
    /// first step restores that epoch's start, not the one before it.
    /// </remarks>
    /// <example><code>
    /// var trainer = new Trainer(model, loss, new Adam()) { Epochs = 50, Seed = 1, CheckpointPath = "run.ckpt" };
    /// TrainingHistory history = File.Exists("run.ckpt") ? trainer.Resume("run.ckpt", train, validation) : trainer.Fit(train, validation);
    /// </code></example>
    /// <param name="checkpointPath">A checkpoint written through <see cref="CheckpointPath"/>.</param>
    /// <param name="train">The training samples of the interrupted run.</param>
    /// <param name="validation">Held-out samples scored after each epoch, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Checked before every step and between the chunks of a validation pass.</param>
    /// <returns>The history of the whole run, the checkpoint's epochs first.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid checkpoint.</exception>
    /// <exception cref="InvalidOperationException">The trainer, its network or its optimizer differs from the run that wrote the checkpoint (the message names what).</exception>
    /// <exception cref="ArgumentException">The training data differs from the run's, or does not fit the network.</exception>
    /// <exception cref="TrainingDivergedException">As for <see cref="Fit"/>.</exception>
    /// <exception cref="TrainingCanceledException">As for <see cref="Fit"/>.</exception>
    public TrainingHistory Resume(string checkpointPath, Dataset train, Dataset? validation = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        ArgumentNullException.ThrowIfNull(train);
        CheckData(train, nameof(train));
        if (validation is not null)
        {
            CheckData(validation, nameof(validation));
        }

        (Sequential saved, byte[] optimizerState, byte[] trainerState) = CheckpointFile.Load(checkpointPath);
        CheckSameNetwork(saved);
        Checkpoint checkpoint = Checkpoint.Decode(optimizerState, trainerState, Model.Parameters, WeightSnapshot.Targets(Model));
        uint dataChecksum = CheckSameRun(checkpoint, train);

        // The weights and the layers' buffers (BatchNorm's running statistics and batch count).
        IReadOnlyList<(string Name, Tensor Value)> from = WeightSnapshot.Targets(saved), to = WeightSnapshot.Targets(Model);
        for (int i = 0; i < to.Count; i++)
        {
            from[i].Value.AsSpan().CopyTo(to[i].Value.AsSpan());
        }

        foreach ((BatchNorm savedNorm, BatchNorm norm) in saved.Layers.OfType<BatchNorm>().Zip(Model.Layers.OfType<BatchNorm>()))
        {
            norm.BatchesTracked = savedNorm.BatchesTracked;
        }

        if ((checkpoint.Schedule is null) != (LearningRateSchedule is null) || (checkpoint.Plateau is null) != (ReduceOnPlateau is null))
        {
            throw new InvalidOperationException(
                "The checkpoint's learning-rate schedules differ from this trainer's (a schedule on one side only): resume with the same LearningRateSchedule and ReduceOnPlateau.");
        }

        try
        {
            if (checkpoint.Schedule is { } schedule)
            {
                LearningRateSchedule!.RestoreState(schedule);
            }

            if (checkpoint.Plateau is { } plateau)
            {
                ReduceOnPlateau!.RestoreState(plateau);
            }
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("The checkpoint's schedule state does not fit this trainer's schedule: " + e.Message, e);
        }

        Dropout[] dropouts = [.. Model.Layers.OfType<Dropout>()];
        if (checkpoint.DropoutStates.Length != dropouts.Length && !(checkpoint.DropoutStates.Length == 0 && dropouts.All(d => d.Probability == 0f)))
        {
            throw new InvalidOperationException(
                $"The checkpoint holds {checkpoint.DropoutStates.Length} dropout mask generators; this network has {dropouts.Length} Dropout layers" +
                (checkpoint.DropoutStates.Length == 0 ? " (the checkpoint was written before dropout states were saved, so its masks cannot be continued)." : "."));
        }

        for (int i = 0; i < checkpoint.DropoutStates.Length; i++)
        {
            dropouts[i].GeneratorState = checkpoint.DropoutStates[i];
        }

        Optimizer.ImportState(Model.Parameters, checkpoint.ParameterStates);
        Optimizer.StepCount = checkpoint.OptimizerSteps;
        Optimizer.SetScheduledLearningRate(checkpoint.LearningRate); // a schedule may have reached 0
        Model.Metadata = Model.Metadata with { Training = saved.Metadata.Training };

        var run = new Run(train.Count, Seed, Shuffle, checkpoint.CompletedEpochs) { History = checkpoint.History };
        if (Patience is int patience)
        {
            run.EarlyStopping = new EarlyStopping(Model, patience, MinImprovement);
            run.EarlyStopping.Resume(checkpoint.BestEpoch, checkpoint.BestLoss, checkpoint.BestWeights!);
        }

        return Train(run, train, validation, cancellationToken, dataChecksum);
    }

    private void SaveCheckpoint(Run run, int trainCount, uint dataChecksum)
    {
        var checkpoint = new Checkpoint
        {
            OptimizerType = Optimizer.GetType().FullName!,
            OptimizerSteps = Optimizer.StepCount,
            LearningRate = Optimizer.LearningRate,
            ParameterStates = Optimizer.ExportState(Model.Parameters),
            CompletedEpochs = run.CompletedEpochs,
            BatchSize = BatchSize,
            Seed = Seed,
            Shuffle = Shuffle,
            Patience = Patience ?? 0,
            MinImprovement = MinImprovement,
            TrainCount = trainCount,
            DataChecksum = dataChecksum,
            History = run.History,
            BestEpoch = run.EarlyStopping?.BestEpoch ?? 0,
            BestLoss = run.EarlyStopping?.BestLoss ?? float.PositiveInfinity,
            BestWeights = run.EarlyStopping?.BestWeights,
            Schedule = LearningRateSchedule?.SaveState(),
            Plateau = ReduceOnPlateau?.SaveState(),
            DropoutStates = [.. Model.Layers.OfType<Dropout>().Select(d => d.GeneratorState)],
        };
        (byte[] optimizerState, byte[] trainerState) = checkpoint.Encode();
        CheckpointFile.Save(CheckpointPath!, Model, optimizerState, trainerState);
    }

    /// <summary>Refuses a checkpoint of another network: layer kinds and shapes, and a standardisation's statistics, must agree.</summary>
    private void CheckSameNetwork(Sequential saved)
    {
        string Describe(Sequential model) => string.Join(", ", model.Layers.Select(l => l.Name));
        bool same = saved.Layers.Count == Model.Layers.Count
            && saved.Layers.Zip(Model.Layers).All(pair => pair.First.Name == pair.Second.Name && pair.First.GetType() == pair.Second.GetType());
        if (!same)
        {
            throw new InvalidOperationException(
                $"The checkpoint holds the network [{Describe(saved)}]; this trainer's is [{Describe(Model)}]. Resume with a network of the same layers.");
        }

        foreach ((Layer first, Layer second) in saved.Layers.Zip(Model.Layers))
        {
            if (first is Standardization a && second is Standardization b
                && !(a.MeanValues.SequenceEqual(b.MeanValues) && a.DeviationValues.SequenceEqual(b.DeviationValues)))
            {
                throw new InvalidOperationException(
                    "The checkpoint's Standardization layer has other statistics than this trainer's: fit it on the same training data as the interrupted run.");
            }

            if (first is BatchNorm c && second is BatchNorm d && (c.Epsilon != d.Epsilon || c.Momentum != d.Momentum))
            {
                throw new InvalidOperationException(
                    $"The checkpoint's {c.Name} layer has epsilon {c.Epsilon} and momentum {c.Momentum}; this trainer's has {d.Epsilon} and {d.Momentum}. Resume with the same layers.");
            }
        }
    }

    /// <summary>Refuses to continue a run with other settings, another optimizer or other data; returns the data's checksum, which the run's checkpoints reuse.</summary>
    private uint CheckSameRun(Checkpoint checkpoint, Dataset train)
    {
        void Require<T>(string what, T saved, T current)
        {
            if (!EqualityComparer<T>.Default.Equals(saved, current))
            {
                throw new InvalidOperationException(
                    $"The checkpoint was written with {what} {saved}; this trainer has {current}. Resuming continues the same run only with the same settings.");
            }
        }

        Require("the optimizer", checkpoint.OptimizerType, Optimizer.GetType().FullName!);
        Require(nameof(BatchSize), checkpoint.BatchSize, BatchSize);
        Require(nameof(Seed), checkpoint.Seed, Seed);
        Require(nameof(Shuffle), checkpoint.Shuffle, Shuffle);
        Require(nameof(Patience), checkpoint.Patience == 0 ? "none" : checkpoint.Patience.ToString(System.Globalization.CultureInfo.InvariantCulture), Patience?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
        Require(nameof(MinImprovement), checkpoint.MinImprovement, MinImprovement);
        uint dataChecksum = Checkpoint.Fingerprint(train);
        if (checkpoint.TrainCount != train.Count || checkpoint.DataChecksum != dataChecksum)
        {
            throw new ArgumentException(
                $"The training data differs from the interrupted run's ({train.Count} samples now, {checkpoint.TrainCount} then, or other values): pass the same data, split the same way.",
                nameof(train));
        }

        return dataChecksum;
    }

    /// <summary>A run's state between epochs: what a checkpoint holds besides the weights and the optimizer.</summary>
    private sealed class Run
    {
        /// <summary>Starts at the shuffling position after <paramref name="completedEpochs"/> epochs, replaying their shuffles.</summary>
        public Run(int count, int seed, bool shuffle, int completedEpochs)
        {
            Order = new int[count];
            for (int i = 0; i < Order.Length; i++)
            {
                Order[i] = i;
            }

            Random = new Random(seed);
            for (int epoch = 0; shuffle && epoch < completedEpochs; epoch++)
            {
                Random.Shuffle(Order);
            }

            CompletedEpochs = completedEpochs;
        }

        public int[] Order { get; }

        public Random Random { get; }

        public int CompletedEpochs { get; set; }

        public TrainingHistory History { get; init; } = new();

        public EarlyStopping? EarlyStopping { get; set; }
    }
}
