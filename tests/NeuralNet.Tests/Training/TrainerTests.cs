using NeuralNet.Data;
using NeuralNet.Kernels;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>
/// What the trainer promises besides learning: determinism, early stopping, history, progress,
/// cancellation, divergence recovery and an allocation-free step. The class changes
/// <see cref="Parallelism.MaxDegreeOfParallelism"/>, so it runs alone in the Parallelism collection.
/// </summary>
[Collection(ParallelismSetting.Name)]
public sealed class TrainerTests
{
    private static Sequential IrisModel(int seed) => new(
        new Dense(4, 16, WeightInitialization.He, seed: seed), new ReLU(),
        new Dense(16, 3, WeightInitialization.Glorot, seed: seed + 1), new Softmax());

    private static (Dataset Train, Dataset Test) Iris() =>
        TrainingFixtures.SplitStandardized(Datasets.Iris(), 0.8, seed: 1);

    private static int[] FitIris(int seed, bool shuffle)
    {
        (Dataset train, _) = Iris();
        var model = IrisModel(1);
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 0.01f))
        {
            BatchSize = 16, Epochs = 5, Seed = seed, Shuffle = shuffle,
        };
        trainer.Fit(train);
        return TrainingFixtures.WeightBits(model);
    }

    [Fact]
    public void Fit_SameSeedTwice_BitIdenticalWeights()
    {
        FitIris(seed: 3, shuffle: true).Should().Equal(FitIris(seed: 3, shuffle: true));
    }

    [Fact]
    public void Fit_DifferentSeedWithShuffle_DifferentWeights()
    {
        FitIris(seed: 3, shuffle: true).Should().NotEqual(FitIris(seed: 4, shuffle: true));
    }

    [Fact]
    public void Fit_DifferentSeedWithoutShuffle_BitIdenticalWeights()
    {
        // The seed only drives the shuffle: without it the samples are visited in dataset order.
        FitIris(seed: 3, shuffle: false).Should().Equal(FitIris(seed: 4, shuffle: false));
    }

    [Fact]
    public void Fit_OneThreadVersusTwo_BitIdenticalWeights()
    {
        // Batch 64 × 784 inputs × 256 hidden: each forward product is about 12.8 M multiply-adds,
        // far above the GEMM's parallel threshold, and so are the two backward products.
        Dataset data = TrainingFixtures.RandomClassification(samples: 256, features: 784, classes: 10, seed: 5);

        int[] Train(int threads)
        {
            var model = new Sequential(
                new Dense(784, 256, WeightInitialization.He, seed: 1), new ReLU(),
                new Dense(256, 10, WeightInitialization.Glorot, seed: 2), new Softmax());
            var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 1e-3f))
            {
                BatchSize = 64, Epochs = 2, Seed = 1,
            };
            int original = Parallelism.MaxDegreeOfParallelism;
            try
            {
                Parallelism.MaxDegreeOfParallelism = threads;
                trainer.Fit(data);
            }
            finally
            {
                Parallelism.MaxDegreeOfParallelism = original;
            }

            return TrainingFixtures.WeightBits(model);
        }

        int[] single = Train(1);
        int[] dual = Train(2);

        dual.Should().Equal(single);
    }

    /// <summary>
    /// Noise on both sides: 40 random samples with random labels to train on and 40 more to
    /// validate on. A 10-64-3 network memorises the training labels, so the validation loss turns
    /// upward after a few epochs and early stopping has something to do.
    /// </summary>
    private static (Trainer Trainer, Dataset Train, Dataset Validation, SynchronousProgress<int[]> Snapshots, SynchronousProgress<EpochMetrics> Progress)
        NoiseSetup(int epochs, int patience, float minImprovement = 0f)
    {
        Dataset train = TrainingFixtures.RandomClassification(samples: 40, features: 10, classes: 3, seed: 11);
        Dataset validation = TrainingFixtures.RandomClassification(samples: 40, features: 10, classes: 3, seed: 21);
        var model = new Sequential(
            new Dense(10, 64, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(64, 3, WeightInitialization.Glorot, seed: 2), new Softmax());
        // Weights as they are when each epoch ends (the report comes after validation, before any restore).
        var snapshots = new SynchronousProgress<int[]>();
        var progress = new SynchronousProgress<EpochMetrics>(_ => snapshots.Report(TrainingFixtures.WeightBits(model)));
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 0.01f))
        {
            BatchSize = 8, Epochs = epochs, Seed = 1, Patience = patience, MinImprovement = minImprovement, Progress = progress,
        };
        return (trainer, train, validation, snapshots, progress);
    }

    [Fact]
    public void Fit_MinImprovementLargerThanAnyFall_StopsAfterPatienceAndKeepsTheFirstEpoch()
    {
        // Without validation the training loss is monitored; it falls every epoch on this problem,
        // but never by 1000, so only the first epoch counts as an improvement.
        (Trainer trainer, Dataset train, _, var snapshots, _) = NoiseSetup(epochs: 30, patience: 3, minImprovement: 1000f);

        TrainingHistory history = trainer.Fit(train);

        history.TrainingLoss[^1].Should().BeLessThan(history.TrainingLoss[0], "the loss did fall, by less than MinImprovement");
        history.Epochs.Should().HaveCount(4);
        history.StoppedEarly.Should().BeTrue();
        history.BestEpoch.Should().Be(1);
        TrainingFixtures.WeightBits(trainer.Model).Should().Equal(snapshots.Reports[0]);
    }

    [Fact]
    public void Fit_UpdateOverflowsWeightsOnTheLastStep_ThrowsDivergedAndRestoresTheEpochStart()
    {
        // One step per epoch: its loss is measured before the update, so it is finite, but
        // η = float.MaxValue pushes weights to ±∞. Only the end-of-epoch check can see it.
        Dataset data = Datasets.Diabetes();
        var model = new Sequential(
            new Dense(10, 4, WeightInitialization.Glorot, seed: 1), new ReLU(),
            new Dense(4, 1, WeightInitialization.Glorot, seed: 2), new Identity());
        float[] initial = TrainingFixtures.Weights(model);
        var trainer = new Trainer(model, new MeanSquaredError(), new Sgd(learningRate: float.MaxValue))
        {
            BatchSize = data.Count, Epochs = 1,
        };

        Action act = () => trainer.Fit(data);

        TrainingDivergedException exception = act.Should().ThrowExactly<TrainingDivergedException>()
            .WithMessage("*weights NaN or infinite*").Which;
        (exception.Epoch, exception.Step).Should().Be((1, 1));
        TrainingFixtures.Weights(model).Should().Equal(initial, "the weights from the start of the epoch are restored");
    }

    [Fact]
    public void Fit_ValidationLossStopsImproving_StopsEarlyAndRestoresBestWeights()
    {
        (Trainer trainer, Dataset train, Dataset validation, var snapshots, _) = NoiseSetup(epochs: 500, patience: 5);

        TrainingHistory history = trainer.Fit(train, validation);

        List<float> losses = [.. history.ValidationLoss];
        int best = losses.IndexOf(losses.Min()) + 1;
        history.StoppedEarly.Should().BeTrue();
        history.BestEpoch.Should().Be(best);
        history.Epochs.Should().HaveCount(best + 5, "training stops after 5 epochs without improvement");
        trainer.Evaluate(validation).Loss.Should().Be(history.Epochs[best - 1].ValidationLoss!.Value);
        TrainingFixtures.WeightBits(trainer.Model).Should().Equal(snapshots.Reports[best - 1]);
        TrainingFixtures.WeightBits(trainer.Model).Should().NotEqual(snapshots.Reports[^1]);
    }

    [Fact]
    public void Fit_PatienceOutlastsEpochs_StillRestoresBestWeights()
    {
        // Patience 100 never triggers in 40 epochs, but the run ends past its best validation loss.
        (Trainer trainer, Dataset train, Dataset validation, var snapshots, _) = NoiseSetup(epochs: 40, patience: 100);

        TrainingHistory history = trainer.Fit(train, validation);

        List<float> losses = [.. history.ValidationLoss];
        int best = losses.IndexOf(losses.Min()) + 1;
        best.Should().BeLessThan(40, "the noise problem overfits within 40 epochs");
        history.StoppedEarly.Should().BeFalse();
        history.Epochs.Should().HaveCount(40);
        history.BestEpoch.Should().Be(best);
        trainer.Evaluate(validation).Loss.Should().Be(losses[best - 1]);
        TrainingFixtures.WeightBits(trainer.Model).Should().Equal(snapshots.Reports[best - 1]);
    }

    [Fact]
    public void Fit_WithValidation_OneHistoryEntryPerEpochWithValidationMetrics()
    {
        (Dataset train, Dataset test) = Iris();
        var model = IrisModel(1);
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 0.01f))
        {
            BatchSize = 16, Epochs = 7, Seed = 1,
        };

        TrainingHistory history = trainer.Fit(train, test);

        history.Epochs.Select(e => e.Epoch).Should().Equal(1, 2, 3, 4, 5, 6, 7);
        history.Epochs.Should().AllSatisfy(e =>
        {
            e.TrainingLoss.Should().BeGreaterThan(0f);
            e.TrainingAccuracy.Should().BeInRange(0f, 1f);
            e.ValidationLoss.Should().BeGreaterThan(0f);
            e.ValidationAccuracy.Should().BeInRange(0f, 1f);
        });
        history.TrainingLoss.Should().HaveCount(7);
        history.ValidationLoss.Should().HaveCount(7);
        history.BestEpoch.Should().Be(7);
        history.StoppedEarly.Should().BeFalse();
        (float loss, float? accuracy) = trainer.Evaluate(test);
        history.Epochs[^1].ValidationLoss.Should().Be(loss);
        history.Epochs[^1].ValidationAccuracy.Should().Be(accuracy);
        accuracy.Should().Be(model.Accuracy(test));
    }

    [Fact]
    public void Fit_WithoutValidation_HistoryHasNoValidationMetrics()
    {
        (Dataset train, _) = Iris();
        var trainer = new Trainer(IrisModel(1), new CategoricalCrossEntropy(), new Adam(learningRate: 0.01f)) { Epochs = 3 };

        TrainingHistory history = trainer.Fit(train);

        history.Epochs.Should().HaveCount(3);
        history.Epochs.Should().AllSatisfy(e =>
        {
            e.ValidationLoss.Should().BeNull();
            e.ValidationAccuracy.Should().BeNull();
            e.TrainingAccuracy.Should().NotBeNull();
        });
        history.ValidationLoss.Should().BeEmpty();
    }

    [Fact]
    public void Fit_Regression_NoAccuracyButValidationLoss()
    {
        (Dataset train, Dataset test) = TrainingFixtures.SplitStandardized(Datasets.Diabetes(), 0.8, seed: 1);
        var model = new Sequential(new Dense(10, 1, WeightInitialization.Glorot, seed: 1), new Identity());
        var trainer = new Trainer(model, new MeanSquaredError(), new Sgd(learningRate: 1e-6f)) { Epochs = 2 };

        TrainingHistory history = trainer.Fit(train, test);

        history.Epochs.Should().HaveCount(2).And.AllSatisfy(e =>
        {
            e.TrainingAccuracy.Should().BeNull();
            e.ValidationAccuracy.Should().BeNull();
            e.ValidationLoss.Should().NotBeNull();
        });
        trainer.Evaluate(test).Accuracy.Should().BeNull();
    }

    [Fact]
    public void Fit_WithProgress_ReportsEachEpochSynchronously()
    {
        (Dataset train, Dataset test) = Iris();
        var progress = new SynchronousProgress<EpochMetrics>();
        var trainer = new Trainer(IrisModel(1), new CategoricalCrossEntropy(), new Adam(learningRate: 0.01f))
        {
            Epochs = 6, Progress = progress,
        };

        TrainingHistory history = trainer.Fit(train, test);

        progress.Reports.Should().HaveCount(6);
        progress.Reports.Should().Equal(history.Epochs);
    }

    [Fact]
    public void Fit_TokenAlreadyCancelled_ThrowsOperationCanceledAndReportsNothing()
    {
        (Dataset train, _) = Iris();
        var progress = new SynchronousProgress<EpochMetrics>();
        var model = IrisModel(1);
        int[] before = TrainingFixtures.WeightBits(model);
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 0.01f)) { Progress = progress };
        using var source = new CancellationTokenSource();
        source.Cancel();

        Action act = () => trainer.Fit(train, cancellationToken: source.Token);

        act.Should().Throw<OperationCanceledException>();
        progress.Reports.Should().BeEmpty();
        TrainingFixtures.WeightBits(model).Should().Equal(before);
    }

    [Fact]
    public void Fit_CancelledDuringTraining_ThrowsOperationCanceledBeforeNextEpoch()
    {
        (Dataset train, _) = Iris();
        using var source = new CancellationTokenSource();
        var progress = new SynchronousProgress<EpochMetrics>(metrics =>
        {
            if (metrics.Epoch == 2)
            {
                source.Cancel();
            }
        });
        var trainer = new Trainer(IrisModel(1), new CategoricalCrossEntropy(), new Adam(learningRate: 0.01f))
        {
            Epochs = 10, Progress = progress,
        };

        Action act = () => trainer.Fit(train, cancellationToken: source.Token);

        act.Should().Throw<OperationCanceledException>();
        progress.Reports.Select(m => m.Epoch).Should().Equal(1, 2);
    }

    [Fact]
    public void Fit_HugeLearningRate_ThrowsDivergedNamingEpochAndStepAndKeepsFiniteWeights()
    {
        // Raw diabetes targets (25–346) with SGD η = 1e30: the first step's update is astronomically
        // large, so the loss of the next step is no longer finite.
        Dataset data = Datasets.Diabetes();
        var model = new Sequential(
            new Dense(10, 16, WeightInitialization.Glorot, seed: 1), new ReLU(),
            new Dense(16, 1, WeightInitialization.Glorot, seed: 2), new Identity());
        float[] initial = TrainingFixtures.Weights(model);
        var trainer = new Trainer(model, new MeanSquaredError(), new Sgd(learningRate: 1e30f))
        {
            BatchSize = 32, Epochs = 5, Seed = 1,
        };

        Action act = () => trainer.Fit(data);

        TrainingDivergedException exception = act.Should().ThrowExactly<TrainingDivergedException>().Which;
        exception.Epoch.Should().Be(1);
        exception.Step.Should().BeInRange(1, 14);
        exception.Message.Should().Contain($"epoch 1, step {exception.Step}");
        float.IsFinite(exception.Loss).Should().BeFalse();
        float[] after = TrainingFixtures.Weights(model);
        Approx.AssertAllFinite(after, "weights after divergence");
        after.Should().Equal(initial, "the weights from the start of the diverging epoch are restored");
    }

    public static TheoryData<string, string> AllocationCases => new()
    {
        { "softmax+cce", "sgd" },
        { "softmax+cce", "adam" },
        { "sigmoid+bce", "sgd" },
        { "sigmoid+bce", "adam" },
        { "identity+mse", "sgd" },
        { "identity+mse", "adam" },
    };

    [Theory]
    [MemberData(nameof(AllocationCases))]
    public void TrainBatch_AfterWarmUp_AllocatesNothing(string head, string optimizerName)
    {
        // 8-16-3 MLP, batch 32, one thread; 10 warm-up steps create every buffer and optimizer state.
        Tensor features = TestData.Matrix(32, 8, seed: 1);
        var targets = new Tensor(32, 3);
        for (int r = 0; r < 32; r++)
        {
            targets[r, r % 3] = 1f;
        }

        (Layer output, Loss loss) = head switch
        {
            "softmax+cce" => ((Layer)new Softmax(), (Loss)new CategoricalCrossEntropy()),
            "sigmoid+bce" => (new Sigmoid(), new BinaryCrossEntropy()),
            _ => (new Identity(), new MeanSquaredError()),
        };
        Optimizer optimizer = optimizerName == "adam" ? new Adam(learningRate: 1e-3f) : new Sgd(learningRate: 0.01f);
        var model = new Sequential(
            new Dense(8, 16, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(16, 3, WeightInitialization.Glorot, seed: 2), output);
        var trainer = new Trainer(model, loss, optimizer);
        int original = Parallelism.MaxDegreeOfParallelism;
        try
        {
            Parallelism.MaxDegreeOfParallelism = 1;
            for (int i = 0; i < 10; i++)
            {
                trainer.TrainBatch(features, targets);
            }

            // The fewest bytes over three rounds: a per-step allocation shows in every round, the
            // runtime's one-off work (a method tiering up mid-round) in one at most.
            long allocated = long.MaxValue;
            for (int round = 0; round < 3; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 100; i++)
                {
                    trainer.TrainBatch(features, targets);
                }

                allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            allocated.Should().Be(0, $"100 warm TrainBatch calls ({head}, {optimizerName}) should allocate nothing");
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = original;
        }
    }
}
