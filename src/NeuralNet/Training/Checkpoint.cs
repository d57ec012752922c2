using NeuralNet.Optimizers;
using NeuralNet.Serialization;
using NeuralNet.Tensors;

namespace NeuralNet.Training;

/// <summary>
/// Everything a training run holds between two epochs besides the weights: the optimizer's state,
/// the trainer's settings that shape the run, the shuffling position, the history and early
/// stopping's record. <see cref="Encode"/> and <see cref="Decode"/> turn it into the payloads of a
/// checkpoint's <c>optm</c> and <c>trst</c> sections (docs/file-format.md).
/// </summary>
/// <remarks>
/// The shuffling generator is <see cref="Random"/> seeded with <see cref="Trainer.Seed"/>, whose
/// state .NET does not expose; its state after <c>k</c> epochs is that of a fresh generator after
/// <c>k</c> shuffles of the identity order, so the checkpoint stores the seed and <c>k</c>, and
/// resuming replays the shuffles (one pass of swaps per epoch: milliseconds for 60 000 samples).
/// </remarks>
internal sealed record Checkpoint
{
    private const byte OptimizerLayout = 1;
    private const byte TrainerLayout = 4; // 2 adds the schedules' states at the end, 3 each epoch's gradient norm and metrics, 4 the dropout generators; 1 to 3 are still read
    private const int MaxBuffers = 8;

    public required string OptimizerType { get; init; }

    public required int OptimizerSteps { get; init; }

    public required float LearningRate { get; init; }

    public required SavedParameterState?[] ParameterStates { get; init; }

    public required int CompletedEpochs { get; init; }

    public required int BatchSize { get; init; }

    public required int Seed { get; init; }

    public required bool Shuffle { get; init; }

    /// <summary>The early-stopping patience, 0 without early stopping.</summary>
    public required int Patience { get; init; }

    public required float MinImprovement { get; init; }

    public required int TrainCount { get; init; }

    /// <summary>CRC-32C of the training features' and targets' bytes: resuming on other data is refused.</summary>
    public required uint DataChecksum { get; init; }

    public required TrainingHistory History { get; init; }

    public required int BestEpoch { get; init; }

    public required float BestLoss { get; init; }

    /// <summary>Early stopping's copy of the best weights, one array per parameter; null without early stopping.</summary>
    public required float[][]? BestWeights { get; init; }

    /// <summary>The state of the trainer's learning-rate schedule, or null without one.</summary>
    public Schedules.SchedulerState? Schedule { get; init; }

    /// <summary>The state of the trainer's reduce-on-plateau schedule, or null without one.</summary>
    public Schedules.SchedulerState? Plateau { get; init; }

    /// <summary>Each <see cref="Layers.Dropout"/> layer's mask-generator state, in layer order (empty before layout 4).</summary>
    public ulong[] DropoutStates { get; init; } = [];

    /// <summary>The <c>optm</c> and <c>trst</c> payloads.</summary>
    public (byte[] Optimizer, byte[] Trainer) Encode()
    {
        using var optimizer = new MemoryStream();
        using (var w = new BinaryWriter(optimizer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(OptimizerLayout);
            WriteString(w, OptimizerType);
            w.Write(OptimizerSteps);
            w.Write(LearningRate);
            w.Write((uint)ParameterStates.Length);
            foreach (SavedParameterState? state in ParameterStates)
            {
                w.Write(state is not null);
                if (state is not null)
                {
                    w.Write(state.Counter);
                    w.Write((byte)state.Buffers.Length);
                    foreach (float[] buffer in state.Buffers)
                    {
                        w.Write(buffer.Length != 0);
                        if (buffer.Length != 0)
                        {
                            WriteFloats(w, buffer);
                        }
                    }
                }
            }
        }

        using var trainer = new MemoryStream();
        using (var w = new BinaryWriter(trainer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(TrainerLayout);
            w.Write(CompletedEpochs);
            w.Write(BatchSize);
            w.Write(Seed);
            w.Write(Shuffle);
            w.Write(Patience);
            w.Write(MinImprovement);
            w.Write(TrainCount);
            w.Write(DataChecksum);
            w.Write((uint)History.Epochs.Count);
            foreach (EpochMetrics m in History.Epochs)
            {
                w.Write(m.Epoch);
                w.Write(m.TrainingLoss);
                w.Write((byte)((m.TrainingAccuracy is null ? 0 : 1) | (m.ValidationLoss is null ? 0 : 2) | (m.ValidationAccuracy is null ? 0 : 4)));
                WriteOptional(w, m.TrainingAccuracy);
                WriteOptional(w, m.ValidationLoss);
                WriteOptional(w, m.ValidationAccuracy);
                w.Write(m.Elapsed.Ticks);
                w.Write(m.GradientNorm is not null);
                WriteOptional(w, m.GradientNorm);
                w.Write((uint)m.Metrics.Count);
                foreach ((string name, double value) in m.Metrics)
                {
                    WriteString(w, name);
                    w.Write(value);
                }
            }

            w.Write(History.BestEpoch);
            w.Write(History.StoppedEarly);
            w.Write(BestEpoch);
            w.Write(BestLoss);
            w.Write(BestWeights is not null);
            if (BestWeights is not null)
            {
                w.Write((uint)BestWeights.Length);
                foreach (float[] values in BestWeights)
                {
                    WriteFloats(w, values);
                }
            }

            WriteSchedule(w, Schedule);
            WriteSchedule(w, Plateau);
            w.Write((uint)DropoutStates.Length);
            foreach (ulong state in DropoutStates)
            {
                w.Write(state);
            }
        }

        return (optimizer.ToArray(), trainer.ToArray());
    }

    /// <summary>Decodes both payloads, checking every count against the bytes left and every tensor against the model's parameters.</summary>
    /// <exception cref="InvalidDataException">A payload is malformed or does not fit the parameters.</exception>
    /// <param name="optimizerPayload">The <c>optm</c> section.</param>
    /// <param name="trainerPayload">The <c>trst</c> section.</param>
    /// <param name="parameters">The model's parameters, which the optimizer's states follow.</param>
    /// <param name="snapshot">What early stopping's best weights hold: <see cref="WeightSnapshot.Targets"/>.</param>
    public static Checkpoint Decode(byte[] optimizerPayload, byte[] trainerPayload, IReadOnlyList<Parameter> parameters, IReadOnlyList<(string Name, Tensor Value)> snapshot)
    {
        var o = new PayloadReader(optimizerPayload, CheckpointFile.OptimizerTag);
        CheckLayoutVersion(ref o);
        string optimizerType = o.ReadString();
        int optimizerSteps = NonNegative(ref o, o.ReadInt32(), "optimizer steps");
        float learningRate = o.ReadSingle();
        if (!(learningRate >= 0f && float.IsFinite(learningRate)))
        {
            throw o.Bad($"the learning rate {learningRate}");
        }

        CheckCount(ref o, o.ReadUInt32(), parameters.Count, "parameter states");
        var states = new SavedParameterState?[parameters.Count];
        for (int i = 0; i < states.Length; i++)
        {
            if (!ReadBool(ref o))
            {
                continue;
            }

            int counter = NonNegative(ref o, o.ReadInt32(), $"parameter {i}'s step count");
            int bufferCount = o.ReadByte();
            if (bufferCount > MaxBuffers)
            {
                throw o.Bad($"{bufferCount} buffers for parameter {i}; at most {MaxBuffers} are allowed");
            }

            var buffers = new float[bufferCount][];
            for (int b = 0; b < bufferCount; b++)
            {
                buffers[b] = ReadBool(ref o) ? o.ReadFloats(parameters[i].Value.Length, $"buffer {b} of '{parameters[i].Name}'") : [];
            }

            states[i] = new SavedParameterState(buffers, counter);
        }

        o.EnsureEnd();

        var t = new PayloadReader(trainerPayload, CheckpointFile.TrainerTag);
        byte trainerLayout = t.ReadByte();
        if (trainerLayout is < 1 or > TrainerLayout)
        {
            throw t.Bad($"layout version {trainerLayout}; this library reads versions 1 to {TrainerLayout}");
        }

        int completed = NonNegative(ref t, t.ReadInt32(), "completed epochs");
        int batchSize = Positive(ref t, t.ReadInt32(), "batch size");
        int seed = t.ReadInt32();
        bool shuffle = ReadBool(ref t);
        int patience = NonNegative(ref t, t.ReadInt32(), "patience");
        float minImprovement = t.ReadSingle();
        int trainCount = Positive(ref t, t.ReadInt32(), "training samples");
        uint dataChecksum = t.ReadUInt32();
        uint epochs = t.ReadUInt32();
        if (epochs != completed || epochs > t.Remaining / 21)
        {
            throw t.Bad($"a history of {epochs} epochs for {completed} completed epochs, with {t.Remaining} bytes left");
        }

        var history = new TrainingHistory();
        for (int i = 0; i < epochs; i++)
        {
            int epoch = t.ReadInt32();
            if (epoch != i + 1)
            {
                throw t.Bad($"epoch {epoch} in position {i + 1} of the history");
            }

            float loss = t.ReadSingle();
            byte flags = t.ReadByte();
            if ((flags & ~7) != 0)
            {
                throw t.Bad($"the unknown epoch flags 0x{flags:X2}");
            }

            float? accuracy = (flags & 1) != 0 ? t.ReadSingle() : null;
            float? validationLoss = (flags & 2) != 0 ? t.ReadSingle() : null;
            float? validationAccuracy = (flags & 4) != 0 ? t.ReadSingle() : null;
            long ticks = t.ReadInt64();
            if (ticks < 0)
            {
                throw t.Bad($"a negative duration for epoch {epoch}");
            }

            float? gradientNorm = null;
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            if (trainerLayout >= 3)
            {
                gradientNorm = ReadBool(ref t) ? t.ReadSingle() : null;
                uint count = t.ReadUInt32();
                if (count > FormatLimits.MaxMetrics || count > t.Remaining / 12)
                {
                    throw t.Bad($"{count} metrics for epoch {epoch}; at most {FormatLimits.MaxMetrics} are allowed and {t.Remaining} bytes are left");
                }

                for (int k = 0; k < count; k++)
                {
                    string name = t.ReadString();
                    if (!metrics.TryAdd(name, t.ReadDouble()))
                    {
                        throw t.Bad($"the metric '{name}' twice in epoch {epoch}");
                    }
                }
            }

            history.Add(new EpochMetrics(epoch, loss, accuracy, validationLoss, validationAccuracy, TimeSpan.FromTicks(ticks))
            {
                GradientNorm = gradientNorm,
                Metrics = metrics,
            });
        }

        history.BestEpoch = t.ReadInt32();
        history.StoppedEarly = ReadBool(ref t);
        if (history.BestEpoch < 0 || history.BestEpoch > completed)
        {
            throw t.Bad($"the best epoch {history.BestEpoch} of {completed}");
        }

        int bestEpoch = t.ReadInt32();
        float bestLoss = t.ReadSingle();
        float[][]? bestWeights = null;
        if (ReadBool(ref t))
        {
            CheckCount(ref t, t.ReadUInt32(), snapshot.Count, "best-weight tensors");
            bestWeights = new float[snapshot.Count][];
            for (int i = 0; i < bestWeights.Length; i++)
            {
                bestWeights[i] = t.ReadFloats(snapshot[i].Value.Length, $"the best weights of '{snapshot[i].Name}'");
            }
        }

        Schedules.SchedulerState? schedule = trainerLayout >= 2 ? ReadSchedule(ref t) : null;
        Schedules.SchedulerState? plateau = trainerLayout >= 2 ? ReadSchedule(ref t) : null;
        ulong[] dropoutStates = [];
        if (trainerLayout >= 4)
        {
            uint count = t.ReadUInt32();
            if (count > FormatLimits.MaxLayers || count > t.Remaining / 8)
            {
                throw t.Bad($"{count} dropout generator states with {t.Remaining} bytes left");
            }

            dropoutStates = new ulong[count];
            for (int i = 0; i < dropoutStates.Length; i++)
            {
                dropoutStates[i] = (ulong)t.ReadInt64();
            }
        }

        t.EnsureEnd();
        if (bestEpoch < 0 || bestEpoch > completed || (bestWeights is null) != (patience == 0))
        {
            throw t.Bad($"an early-stopping record (best epoch {bestEpoch}, patience {patience}) that does not fit the run");
        }

        return new Checkpoint
        {
            OptimizerType = optimizerType,
            OptimizerSteps = optimizerSteps,
            LearningRate = learningRate,
            ParameterStates = states,
            CompletedEpochs = completed,
            BatchSize = batchSize,
            Seed = seed,
            Shuffle = shuffle,
            Patience = patience,
            MinImprovement = minImprovement,
            TrainCount = trainCount,
            DataChecksum = dataChecksum,
            History = history,
            BestEpoch = bestEpoch,
            BestLoss = bestLoss,
            BestWeights = bestWeights,
            Schedule = schedule,
            Plateau = plateau,
            DropoutStates = dropoutStates,
        };
    }

    private static void WriteSchedule(BinaryWriter w, Schedules.SchedulerState? state)
    {
        w.Write(state is not null);
        if (state is not null)
        {
            w.Write(state.StepCount);
            w.Write(state.LearningRate);
            w.Write(state.Best);
            w.Write(state.BadSteps);
            w.Write(state.CooldownRemaining);
        }
    }

    private static Schedules.SchedulerState? ReadSchedule(ref PayloadReader reader)
    {
        if (!ReadBool(ref reader))
        {
            return null;
        }

        int steps = NonNegative(ref reader, reader.ReadInt32(), "schedule steps");
        double rate = reader.ReadDouble();
        double best = reader.ReadDouble();
        int bad = NonNegative(ref reader, reader.ReadInt32(), "bad epochs");
        int cooldown = NonNegative(ref reader, reader.ReadInt32(), "cooldown epochs");
        if (!(rate >= 0 && double.IsFinite(rate)) || double.IsNaN(best))
        {
            throw reader.Bad($"a schedule with the learning rate {rate} and best {best}");
        }

        return new Schedules.SchedulerState(steps, rate) { Best = best, BadSteps = bad, CooldownRemaining = cooldown };
    }

    /// <summary>The CRC-32C of a dataset's feature and target values, to recognise the training data on resume.</summary>
    public static uint Fingerprint(Data.Dataset data)
    {
        uint state = Crc32C.Append(Crc32C.Initial, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.Features.AsSpan()));
        return Crc32C.Finish(Crc32C.Append(state, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.Targets.AsSpan())));
    }

    private static void WriteString(BinaryWriter w, string value)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(value);
        w.Write((uint)bytes.Length);
        w.Write(bytes);
    }

    private static void WriteFloats(BinaryWriter w, float[] values)
    {
        w.Write((uint)values.Length);
        if (BitConverter.IsLittleEndian)
        {
            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            foreach (float value in values)
            {
                w.Write(value); // BinaryWriter writes little-endian on any machine
            }
        }
    }

    private static void WriteOptional(BinaryWriter w, float? value)
    {
        if (value is float v)
        {
            w.Write(v);
        }
    }

    private static void CheckLayoutVersion(ref PayloadReader reader)
    {
        byte version = reader.ReadByte();
        if (version != OptimizerLayout)
        {
            throw reader.Bad($"layout version {version}; this library reads version {OptimizerLayout}");
        }
    }

    private static bool ReadBool(ref PayloadReader reader) => reader.ReadByte() switch
    {
        0 => false,
        1 => true,
        var b => throw reader.Bad($"the byte {b} where a flag (0 or 1) belongs"),
    };

    private static void CheckCount(ref PayloadReader reader, uint count, int expected, string what)
    {
        if (count != expected)
        {
            throw reader.Bad($"{count} {what}; the model has {expected} parameters");
        }
    }

    private static int NonNegative(ref PayloadReader reader, int value, string what) =>
        value >= 0 ? value : throw reader.Bad($"{value} {what}");

    private static int Positive(ref PayloadReader reader, int value, string what) =>
        value > 0 ? value : throw reader.Bad($"{value} {what}");
}
