using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Schedules;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>The trainer stepping learning-rate schedules, and checkpoints carrying their state.</summary>
public sealed class TrainerScheduleTests : IDisposable
{
    private static readonly (Dataset Train, Dataset Validation) s_data = TrainingFixtures.SplitStandardized(Datasets.Iris(), 0.8, seed: 5);
    private readonly string _directory = Directory.CreateTempSubdirectory("neuralnet-schedule-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Sequential Network(int seed) =>
        new(new Dense(4, 8, WeightInitialization.He, seed: seed), new ReLU(), new Dense(8, 3, seed: seed + 1), new Softmax());

    [Fact]
    public void StepLR_IsSteppedAfterEveryEpoch()
    {
        var optimizer = new Sgd(0.1f);
        var rates = new List<float>();
        new Trainer(Network(1), new CategoricalCrossEntropy(), optimizer)
        {
            Epochs = 5, LearningRateSchedule = new StepLR(optimizer, stepSize: 2, gamma: 0.5), EpochEnded = _ => rates.Add(optimizer.LearningRate),
        }.Fit(s_data.Train);

        rates.Should().Equal(0.1f, 0.1f, 0.05f, 0.05f, 0.025f);
        optimizer.LearningRate.Should().Be(0.025f, "the step after the last epoch is taken too (5 steps: 0.1 · 0.5²), as in torch's loop");
    }

    [Fact]
    public void ScheduleEachBatch_StepsOncePerBatch()
    {
        var optimizer = new Sgd(0.1f);
        var schedule = new ExponentialLR(optimizer, gamma: 0.9);
        new Trainer(Network(1), new CategoricalCrossEntropy(), optimizer)
        {
            Epochs = 2, BatchSize = 40, LearningRateSchedule = schedule, ScheduleEachBatch = true,
        }.Fit(s_data.Train);

        schedule.StepCount.Should().Be(2 * (int)Math.Ceiling(s_data.Train.Count / 40.0));
    }

    [Fact]
    public void ReduceOnPlateau_WatchesTheValidationLoss()
    {
        var optimizer = new Sgd(1e-6f); // too small to improve anything: every epoch is a plateau
        var plateau = new ReduceLROnPlateau(optimizer, factor: 0.5, patience: 0, threshold: 0.5);
        new Trainer(Network(1), new CategoricalCrossEntropy(), optimizer) { Epochs = 3, ReduceOnPlateau = plateau }
            .Fit(s_data.Train, s_data.Validation);

        optimizer.LearningRate.Should().BeLessThan(1e-6f);
    }

    public static TheoryData<string> Schedules => ["cosine", "plateau", "one-cycle-per-batch"];

    private static (Trainer Trainer, Sequential Model) Create(string kind, int epochs, string? checkpoint, int seed = 1)
    {
        var optimizer = new Adam(0.01f);
        Sequential model = Network(seed);
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), optimizer)
        {
            Epochs = epochs, BatchSize = 16, Seed = 3, CheckpointPath = checkpoint,
            LearningRateSchedule = kind switch
            {
                "cosine" => new CosineAnnealingLR(optimizer, tMax: 3, etaMin: 0),
                "one-cycle-per-batch" => new OneCycleLR(optimizer, maxLearningRate: 0.05, totalSteps: 6 * 8),
                _ => null,
            },
            ScheduleEachBatch = kind == "one-cycle-per-batch",
            ReduceOnPlateau = kind == "plateau" ? new ReduceLROnPlateau(optimizer, factor: 0.5, patience: 0, threshold: 0.05) : null,
        };
        return (trainer, model);
    }

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Resume_WithASchedule_ContinuesItBitForBit(string kind)
    {
        (Trainer straight, Sequential expected) = Create(kind, 6, null);
        straight.Fit(s_data.Train, s_data.Validation);

        string path = Path.Combine(_directory, kind + ".ckpt");
        Create(kind, 3, path).Trainer.Fit(s_data.Train, s_data.Validation);
        (Trainer resumed, Sequential model) = Create(kind, 6, path, seed: 9);
        resumed.Resume(path, s_data.Train, s_data.Validation);

        TrainingFixtures.WeightBits(model).Should().Equal(TrainingFixtures.WeightBits(expected));
        resumed.Optimizer.LearningRate.Should().Be(straight.Optimizer.LearningRate);
    }

    [Fact]
    public void Resume_WithoutTheCheckpointsSchedule_IsRefused()
    {
        string path = Path.Combine(_directory, "mismatch.ckpt");
        Create("cosine", 2, path).Trainer.Fit(s_data.Train);

        Action resume = () => Create("none", 4, path).Trainer.Resume(path, s_data.Train);

        resume.Should().Throw<InvalidOperationException>().WithMessage("*schedules differ*");
    }

    [Fact]
    public void Schedule_OfAnotherOptimizer_IsRefused()
    {
        Action create = () => _ = new Trainer(Network(1), new CategoricalCrossEntropy(), new Sgd())
        {
            LearningRateSchedule = new StepLR(new Sgd(), stepSize: 1),
        };

        create.Should().Throw<ArgumentException>().WithParameterName("LearningRateSchedule");
    }
}
