using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Serialization;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>
/// Checkpoints and exact resume: N epochs straight must equal k epochs, a checkpoint, a new
/// network, optimizer and trainer, and N − k more epochs, bit for bit.
/// </summary>
public sealed class CheckpointTests : IDisposable
{
    private const int AllEpochs = 6;
    private readonly string _directory = Directory.CreateTempSubdirectory("neuralnet-checkpoint-").FullName;
    private static readonly (Dataset Train, Dataset Validation) s_data = TrainingFixtures.SplitStandardized(Datasets.Iris(), 0.8, seed: 3);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Optimizers() =>
        ["sgd", "sgd-decay", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop-centred-momentum", "adam", "adam-amsgrad", "adamw"];

    private static Optimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(learningRate: 0.05f),
        "sgd-decay" => new Sgd(learningRate: 0.05f, weightDecay: 1e-3f),
        "momentum" => new Momentum(learningRate: 0.02f, dampening: 0.1f),
        "nesterov" => new Nesterov(learningRate: 0.02f),
        "adagrad" => new Adagrad(learningRate: 0.05f, learningRateDecay: 1e-3f),
        "rmsprop" => new RmsProp(learningRate: 1e-3f),
        "rmsprop-centred-momentum" => new RmsProp(learningRate: 1e-3f, momentum: 0.5f, centered: true),
        "adam" => new Adam(learningRate: 5e-3f),
        "adam-amsgrad" => new Adam(learningRate: 5e-3f, amsGrad: true),
        "adamw" => new AdamW(learningRate: 5e-3f, weightDecay: 0.01f),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>The network, its starting weights set by <paramref name="seed"/>: the resumed run starts from other weights on purpose.</summary>
    private static Sequential Network(int seed) =>
        new(new Dense(4, 12, WeightInitialization.He, seed: seed), new ReLU(), new Dense(12, 3, seed: seed + 1), new Softmax());

    private static Trainer NewTrainer(Sequential model, Optimizer optimizer, int epochs, string? checkpoint, int? patience = null, Action<EpochMetrics>? epochEnded = null) =>
        new(model, new CategoricalCrossEntropy(), optimizer)
        {
            BatchSize = 16, Epochs = epochs, Seed = 11, Patience = patience, CheckpointPath = checkpoint, EpochEnded = epochEnded,
        };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Resume_AfterACheckpoint_GivesTheUninterruptedRunsWeightsBitForBit(string optimizer)
    {
        Sequential straight = Network(1);
        TrainingHistory expected = NewTrainer(straight, Create(optimizer), AllEpochs, checkpoint: null).Fit(s_data.Train, s_data.Validation);

        string path = Path.Combine(_directory, "run.ckpt");
        NewTrainer(Network(1), Create(optimizer), epochs: 2, path).Fit(s_data.Train, s_data.Validation);
        Sequential resumed = Network(99);
        TrainingHistory history = NewTrainer(resumed, Create(optimizer), AllEpochs, path).Resume(path, s_data.Train, s_data.Validation);

        TrainingFixtures.WeightBits(resumed).Should().Equal(TrainingFixtures.WeightBits(straight));
        history.TrainingLoss.Should().Equal(expected.TrainingLoss);
        history.ValidationLoss.Should().Equal(expected.ValidationLoss);
        history.Epochs.Select(e => e.Epoch).Should().Equal(Enumerable.Range(1, AllEpochs));
    }

    [Fact]
    public void Resume_WithEarlyStopping_StopsAndRestoresAsTheUninterruptedRun()
    {
        // A high learning rate so that the validation loss turns up within the run.
        Optimizer Fast() => new Adam(learningRate: 0.2f);
        Sequential straight = Network(1);
        TrainingHistory expected = NewTrainer(straight, Fast(), 40, null, patience: 2).Fit(s_data.Train, s_data.Validation);
        expected.StoppedEarly.Should().BeTrue("the test needs a run that stops early");
        expected.BestEpoch.Should().BeLessThan(expected.Epochs.Count - 1, "the best epoch must lie before the checkpoint for the test to bite");

        string path = Path.Combine(_directory, "early.ckpt");
        NewTrainer(Network(1), Fast(), expected.Epochs.Count - 1, path, patience: 2).Fit(s_data.Train, s_data.Validation);
        Sequential resumed = Network(5);
        TrainingHistory history = NewTrainer(resumed, Fast(), 40, path, patience: 2).Resume(path, s_data.Train, s_data.Validation);

        TrainingFixtures.WeightBits(resumed).Should().Equal(TrainingFixtures.WeightBits(straight));
        history.StoppedEarly.Should().BeTrue();
        history.BestEpoch.Should().Be(expected.BestEpoch);
        history.TrainingLoss.Should().Equal(expected.TrainingLoss);
    }

    [Fact]
    public void Resume_WithBatchNorm_RestoresTheRunningStatisticsAndContinuesBitForBit()
    {
        static Sequential WithBatchNorm(int seed) => new(
            new Dense(4, 12, bias: false, WeightInitialization.He, seed: seed), new BatchNorm(12), new ReLU(), new Dense(12, 3, seed: seed + 1), new Softmax());
        static float[] Statistics(Sequential model)
        {
            var norm = (BatchNorm)model.Layers[1];
            return [.. norm.RunningMean.AsSpan(), .. norm.RunningVariance.AsSpan(), norm.BatchesTracked];
        }

        Sequential straight = WithBatchNorm(1);
        TrainingHistory expected = NewTrainer(straight, new Adam(5e-3f), AllEpochs, checkpoint: null, patience: 3).Fit(s_data.Train, s_data.Validation);

        string path = Path.Combine(_directory, "batchnorm.ckpt");
        NewTrainer(WithBatchNorm(1), new Adam(5e-3f), epochs: 2, path, patience: 3).Fit(s_data.Train, s_data.Validation);
        Sequential resumed = WithBatchNorm(7);
        TrainingHistory history = NewTrainer(resumed, new Adam(5e-3f), AllEpochs, path, patience: 3).Resume(path, s_data.Train, s_data.Validation);

        Statistics(resumed).Should().Equal(Statistics(straight));
        TrainingFixtures.WeightBits(resumed).Should().Equal(TrainingFixtures.WeightBits(straight));
        history.ValidationLoss.Should().Equal(expected.ValidationLoss, "validation runs on the running statistics");
    }

    [Fact]
    public void Resume_KeepsTheLearningRateAScheduleSet()
    {
        static void Halve(Optimizer optimizer, EpochMetrics m)
        {
            if (m.Epoch % 2 == 0)
            {
                optimizer.LearningRate /= 2;
            }
        }

        var straightOptimizer = new Sgd(learningRate: 0.1f);
        Sequential straight = Network(1);
        NewTrainer(straight, straightOptimizer, AllEpochs, null, epochEnded: m => Halve(straightOptimizer, m)).Fit(s_data.Train);

        string path = Path.Combine(_directory, "schedule.ckpt");
        var first = new Sgd(learningRate: 0.1f);
        NewTrainer(Network(1), first, 3, path, epochEnded: m => Halve(first, m)).Fit(s_data.Train);
        var second = new Sgd(learningRate: 0.1f);
        Sequential resumed = Network(1);
        NewTrainer(resumed, second, AllEpochs, path, epochEnded: m => Halve(second, m)).Resume(path, s_data.Train);

        second.LearningRate.Should().Be(straightOptimizer.LearningRate);
        TrainingFixtures.WeightBits(resumed).Should().Equal(TrainingFixtures.WeightBits(straight));
    }

    [Fact]
    public void Checkpoint_IsAModelFileHoldingTheLastEpochsWeightsAndTrainingRecord()
    {
        string path = Path.Combine(_directory, "model.ckpt");
        Sequential model = Network(1);
        NewTrainer(model, new Adam(), 3, path).Fit(s_data.Train, s_data.Validation);

        Sequential loaded = ModelFile.Load(path);

        TrainingFixtures.WeightBits(loaded).Should().Equal(TrainingFixtures.WeightBits(model));
        loaded.Metadata.Training!.Epochs.Should().Be(3);
        loaded.Metadata.Training.FinalMetrics.Keys.Should().BeEquivalentTo("loss", "accuracy", "validation_loss", "validation_accuracy");
    }

    [Fact]
    public void Resume_OfAFinishedRun_TrainsNoFurtherEpochs()
    {
        string path = Path.Combine(_directory, "done.ckpt");
        Sequential first = Network(1);
        NewTrainer(first, new Adam(), 3, path).Fit(s_data.Train);

        Sequential resumed = Network(2);
        TrainingHistory history = NewTrainer(resumed, new Adam(), 3, path).Resume(path, s_data.Train);

        history.Epochs.Should().HaveCount(3);
        TrainingFixtures.WeightBits(resumed).Should().Equal(TrainingFixtures.WeightBits(first));
    }

    [Fact]
    public void Resume_CanTrainFurtherThanTheRunPlanned()
    {
        Sequential straight = Network(1);
        NewTrainer(straight, new Adam(), 5, null).Fit(s_data.Train);

        string path = Path.Combine(_directory, "further.ckpt");
        NewTrainer(Network(1), new Adam(), 3, path).Fit(s_data.Train);
        Sequential resumed = Network(1);
        NewTrainer(resumed, new Adam(), 5, path).Resume(path, s_data.Train);

        TrainingFixtures.WeightBits(resumed).Should().Equal(TrainingFixtures.WeightBits(straight));
    }

    [Fact]
    public void Checkpoint_OfTheLastEpochStaysWhenALaterEpochDiverges()
    {
        string path = Path.Combine(_directory, "diverge.ckpt");
        var optimizer = new Sgd(learningRate: 0.05f);
        Action fit = () => NewTrainer(Network(1), optimizer, 10, path, epochEnded: m =>
        {
            if (m.Epoch == 2)
            {
                optimizer.LearningRate = 1e30f; // the next epoch overflows
            }
        }).Fit(s_data.Train);

        fit.Should().Throw<TrainingDivergedException>();
        Sequential saved = ModelFile.Load(path);
        saved.Metadata.Training!.Epochs.Should().Be(2);
        TrainingFixtures.Weights(saved).Should().OnlyContain(w => float.IsFinite(w));
    }

    public static TheoryData<string, string> Mismatches() => new()
    {
        { "optimizer", "the optimizer NeuralNet.Optimizers.Adam; this trainer has NeuralNet.Optimizers.AdamW" },
        { "batch", "BatchSize 16; this trainer has 8" },
        { "seed", "Seed 11; this trainer has 12" },
        { "shuffle", "Shuffle True; this trainer has False" },
        { "patience", "Patience none; this trainer has 3" },
        { "network", "this trainer's is [Dense(4→10)" },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void Resume_RefusesATrainerThatDiffersFromTheRun(string change, string message)
    {
        string path = Path.Combine(_directory, "mismatch.ckpt");
        NewTrainer(Network(1), new Adam(), 2, path).Fit(s_data.Train);

        Sequential model = change == "network"
            ? new Sequential(new Dense(4, 10, seed: 1), new ReLU(), new Dense(10, 3, seed: 2), new Softmax())
            : Network(1);
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), change == "optimizer" ? new AdamW() : new Adam())
        {
            BatchSize = change == "batch" ? 8 : 16,
            Epochs = 4,
            Seed = change == "seed" ? 12 : 11,
            Shuffle = change != "shuffle",
            Patience = change == "patience" ? 3 : null,
        };

        Action resume = () => trainer.Resume(path, s_data.Train);

        resume.Should().Throw<InvalidOperationException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Resume_RefusesOtherTrainingData()
    {
        string path = Path.Combine(_directory, "data.ckpt");
        NewTrainer(Network(1), new Adam(), 2, path).Fit(s_data.Train);
        Dataset other = TrainingFixtures.SplitStandardized(Datasets.Iris(), 0.8, seed: 4).Train;

        Action resume = () => NewTrainer(Network(1), new Adam(), 4, path).Resume(path, other);

        resume.Should().Throw<ArgumentException>().WithParameterName("train").WithMessage("*training data differs*");
    }

    [Fact]
    public void Resume_FromAPlainModelFile_SaysItIsNotACheckpoint()
    {
        string path = Path.Combine(_directory, "plain.nnet");
        Network(1).Save(path);

        Action resume = () => NewTrainer(Network(1), new Adam(), 4, path).Resume(path, s_data.Train);

        resume.Should().Throw<InvalidDataException>().WithMessage("*not a checkpoint*");
    }

    [Fact]
    public void Resume_FromAMissingFile_ThrowsFileNotFound()
    {
        Action resume = () => NewTrainer(Network(1), new Adam(), 4, null).Resume(Path.Combine(_directory, "absent.ckpt"), s_data.Train);

        resume.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void Resume_FromMutatedCheckpoints_ThrowsOnlyInvalidData()
    {
        // Every byte of the optimizer and trainer sections is covered by a CRC: a mutated checkpoint
        // must be refused as bad data (or, where the mutation hits only skipped bytes, resume).
        string path = Path.Combine(_directory, "fuzz.ckpt");
        NewTrainer(Network(1), new Adam(amsGrad: true), 2, path, patience: 5).Fit(s_data.Train, s_data.Validation);
        byte[] good = File.ReadAllBytes(path);
        var random = new Random(2024);
        string mutated = Path.Combine(_directory, "mutated.ckpt");
        int refused = 0;
        for (int i = 0; i < 300; i++)
        {
            byte[] bytes = (byte[])good.Clone();
            int flips = 1 + random.Next(3);
            for (int f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            }

            File.WriteAllBytes(mutated, i % 10 == 0 ? bytes[..random.Next(bytes.Length)] : bytes);
            try
            {
                NewTrainer(Network(1), new Adam(amsGrad: true), 3, null, patience: 5).Resume(mutated, s_data.Train, s_data.Validation);
            }
            catch (InvalidDataException)
            {
                refused++;
            }
        }

        refused.Should().Be(300, "every mutation lands in checksummed bytes or cuts the file short");
    }
}
