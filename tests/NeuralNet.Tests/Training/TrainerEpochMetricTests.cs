using NeuralNet.Data;
using NeuralNet.Evaluation;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>Trainer.Metrics: values after every epoch, equal to the metric functions on the model's predictions.</summary>
public sealed class TrainerEpochMetricTests : IDisposable
{
    private static readonly (Dataset Train, Dataset Validation) s_iris = TrainingFixtures.SplitStandardized(Datasets.Iris(), 0.8, seed: 3);
    private readonly string _directory = Directory.CreateTempSubdirectory("neuralnet-epoch-metrics-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Sequential Classifier() =>
        new(new Dense(4, 10, WeightInitialization.He, seed: 1), new ReLU(), new Dense(10, 3, seed: 2), new Softmax());

    private static Trainer ClassifierTrainer(Sequential model, int epochs, string? checkpoint = null) =>
        new(model, new CategoricalCrossEntropy(), new Adam(1e-2f))
        {
            BatchSize = 16, Epochs = epochs, Seed = 4, CheckpointPath = checkpoint, ClipGradientNorm = 100f,
            Metrics = { EpochMetric.F1(Averaging.Macro), EpochMetric.Precision(Averaging.Weighted), EpochMetric.Recall(Averaging.Micro), EpochMetric.TopKAccuracy(2), EpochMetric.Accuracy() },
        };

    [Fact]
    public void Classification_EveryEpochReportsTheMetricsOfTheValidationPredictions()
    {
        Sequential model = Classifier();
        var seen = new List<IReadOnlyDictionary<string, double>>();
        Trainer trainer = ClassifierTrainer(model, epochs: 4);

        TrainingHistory history = trainer.Fit(s_iris.Train, s_iris.Validation);

        history.Epochs.Should().OnlyContain(e => e.Metrics.Count == 5);
        history.Epochs[0].Metrics.Keys.Should().BeEquivalentTo(["f1_macro", "precision_weighted", "recall_micro", "top2_accuracy", "accuracy"]);
        Tensor predictions = model.Predict(s_iris.Validation.Features);
        var matrix = ConfusionMatrix.FromTensors(s_iris.Validation.Targets, predictions);
        IReadOnlyDictionary<string, double> last = history.Epochs[^1].Metrics;
        last["f1_macro"].Should().Be(ClassificationMetrics.F1(matrix, Averaging.Macro));
        last["precision_weighted"].Should().Be(ClassificationMetrics.Precision(matrix, Averaging.Weighted));
        last["recall_micro"].Should().Be(ClassificationMetrics.Accuracy(matrix), "micro recall is the accuracy for single-label data");
        last["accuracy"].Should().BeApproximately(history.Epochs[^1].ValidationAccuracy!.Value, 1e-6, "the same decisions as the validation accuracy");
        last["top2_accuracy"].Should().BeGreaterThanOrEqualTo(last["accuracy"]);
        history.Epochs.Select(e => e.Metrics["f1_macro"]).Distinct().Should().HaveCountGreaterThan(1, "the values follow the training");
    }

    [Fact]
    public void Regression_WithoutValidation_ReportsTheTrainingDataMetrics()
    {
        Dataset data = Datasets.Diabetes();
        (Dataset train, _) = TrainingFixtures.SplitStandardized(data, 0.8, seed: 1);
        var model = new Sequential(new Dense(train.FeatureCount, 16, WeightInitialization.He, seed: 1), new ReLU(), new Dense(16, 1, seed: 2));
        var trainer = new Trainer(model, new MeanSquaredError(), new Adam(1e-2f))
        {
            BatchSize = 32, Epochs = 3, Seed = 1,
            Metrics = { EpochMetric.MeanAbsoluteError(), EpochMetric.RootMeanSquaredError(), EpochMetric.RSquared(), EpochMetric.MeanSquaredError() },
        };

        TrainingHistory history = trainer.Fit(train);

        Tensor predictions = model.Predict(train.Features);
        IReadOnlyDictionary<string, double> last = history.Epochs[^1].Metrics;
        last["mae"].Should().Be(RegressionMetrics.MeanAbsoluteError(train.Targets, predictions));
        last["rmse"].Should().Be(RegressionMetrics.RootMeanSquaredError(train.Targets, predictions));
        last["r2"].Should().Be(RegressionMetrics.RSquared(train.Targets, predictions));
        last["mse"].Should().BeApproximately(history.Epochs[^1].TrainingLoss, 0.2 * last["mse"], "the training loss is measured during the epoch, before each update");
    }

    [Fact]
    public void Binary_RocAucAndACustomMetric()
    {
        Dataset data = Datasets.BreastCancer();
        (Dataset train, Dataset validation) = TrainingFixtures.SplitStandardized(data, 0.8, seed: 2);
        var model = new Sequential(new Dense(train.FeatureCount, 8, seed: 1), new Tanh(), new Dense(8, 1, seed: 2), new Sigmoid());
        var trainer = new Trainer(model, new BinaryCrossEntropy(), new Adam(1e-2f))
        {
            BatchSize = 32, Epochs = 3, Seed = 1,
            Metrics = { EpochMetric.RocAuc(), EpochMetric.Custom("positive_rate", (_, p) => p.AsSpan().ToArray().Count(v => v >= 0.5f) / (double)p.Rows) },
        };

        TrainingHistory history = trainer.Fit(train, validation);

        Tensor scores = model.Predict(validation.Features);
        history.Epochs[^1].Metrics["roc_auc"].Should().Be(ClassificationMetrics.RocAuc(validation.Targets, scores)).And.BeGreaterThan(0.9);
        history.Epochs[^1].Metrics["positive_rate"].Should().BeInRange(0.3, 0.9);
    }

    [Fact]
    public void WithoutMetrics_TheDictionaryIsEmpty()
    {
        TrainingHistory history = new Trainer(Classifier(), new CategoricalCrossEntropy(), new Adam()) { Epochs = 1 }.Fit(s_iris.Train);

        history.Epochs[0].Metrics.Should().BeEmpty();
    }

    [Fact]
    public void TwoMetricsOfOneName_AreRefusedBeforeTraining()
    {
        Sequential model = Classifier();
        float[] before = TrainingFixtures.Weights(model);
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam()) { Metrics = { EpochMetric.F1(), EpochMetric.F1(Averaging.Macro) } };

        Action fit = () => trainer.Fit(s_iris.Train);

        fit.Should().Throw<InvalidOperationException>().WithMessage("*two metrics named 'f1_macro'*");
        TrainingFixtures.Weights(model).Should().Equal(before);
    }

    [Theory]
    [InlineData("roc_auc", "*'roc_auc'*one (sigmoid) output; this one has 3*")]
    [InlineData("top4", "*'top4_accuracy'*at least 4 outputs; this one has 3*")]
    public void AMetricThatDoesNotFitTheModel_IsRefusedBeforeTraining(string metric, string message)
    {
        Sequential model = Classifier();
        float[] before = TrainingFixtures.Weights(model);
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam())
        {
            Metrics = { metric == "roc_auc" ? EpochMetric.RocAuc() : EpochMetric.TopKAccuracy(4) },
        };

        Action fit = () => trainer.Fit(s_iris.Train, s_iris.Validation);

        fit.Should().Throw<InvalidOperationException>().WithMessage(message);
        TrainingFixtures.Weights(model).Should().Equal(before, "nothing trained");
    }

    [Fact]
    public void Factories_RefuseBadArguments()
    {
        ((Action)(() => EpochMetric.TopKAccuracy(0))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => EpochMetric.Custom(" ", (_, _) => 0))).Should().Throw<ArgumentException>();
        ((Action)(() => EpochMetric.Custom("x", null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => EpochMetric.F1((Averaging)7))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Checkpoint_KeepsEachEpochsMetricsAndGradientNorm_ThroughAResume()
    {
        Sequential straight = Classifier();
        Trainer straightTrainer = ClassifierTrainer(straight, epochs: 5);
        TrainingHistory expected = straightTrainer.Fit(s_iris.Train, s_iris.Validation);

        string path = Path.Combine(_directory, "metrics.ckpt");
        ClassifierTrainer(Classifier(), epochs: 2, path).Fit(s_iris.Train, s_iris.Validation);
        TrainingHistory resumed = ClassifierTrainer(Classifier(), epochs: 5, path).Resume(path, s_iris.Train, s_iris.Validation);

        resumed.Epochs.Select(e => e.GradientNorm).Should().Equal(expected.Epochs.Select(e => e.GradientNorm));
        expected.Epochs.Should().OnlyContain(e => e.GradientNorm > 0f);
        resumed.Epochs.Select(e => e.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray())
            .Should().BeEquivalentTo(expected.Epochs.Select(e => e.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray()), o => o.WithStrictOrdering());
    }
}
