using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Training;
using Xunit.Abstractions;

namespace NeuralNet.Tests.Training;

/// <summary>
/// Seeded end-to-end training on small classic problems, each held to an accuracy (or error)
/// threshold on samples the network never trained on. Every split, initialisation and shuffle is
/// seeded, so each test is deterministic; the thresholds leave a margin below what the stated
/// seeds reach (printed to the test output) so that a harmless change in summation order does
/// not fail them.
/// </summary>
public sealed class LearningTests(ITestOutputHelper output)
{
    [Fact]
    public void Fit_XorWithSigmoidHiddenLayer_ClassifiesAllFourPoints()
    {
        // 2-8-1, Sigmoid hidden and output, BCE, Adam η = 0.05, full batch of 4, 1000 epochs, seeds 1 and 2.
        var features = Tensor.FromArray(new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } });
        var targets = Tensor.FromArray(new float[,] { { 0 }, { 1 }, { 1 }, { 0 } });
        var xor = new Dataset(features, targets);
        var model = new Sequential(
            new Dense(2, 8, WeightInitialization.Glorot, seed: 1), new Sigmoid(),
            new Dense(8, 1, WeightInitialization.Glorot, seed: 2), new Sigmoid());
        var trainer = new Trainer(model, new BinaryCrossEntropy(), new Adam(learningRate: 0.05f))
        {
            BatchSize = 4, Epochs = 1000, Seed = 1,
        };

        TrainingHistory history = trainer.Fit(xor);

        float accuracy = model.Accuracy(xor);
        output.WriteLine($"XOR: accuracy {accuracy:P1}, final loss {history.TrainingLoss[^1]:G4}");
        accuracy.Should().Be(1f);
    }

    [Fact]
    public void Fit_Iris_HeldOutAccuracyAtLeast93Percent()
    {
        // 4-16-3, ReLU, Softmax + CCE, Adam η = 0.01, batch 16, 100 epochs; 80/20 split, seed 2.
        // With 30 test samples one mistake costs 3.3 points; on this split the network scored
        // 100 % for each of four initialisation seeds tried, two mistakes clear of the threshold.
        (Dataset train, Dataset test) = TrainingFixtures.SplitStandardized(Datasets.Iris(), 0.8, seed: 2);
        var model = new Sequential(
            new Dense(4, 16, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(16, 3, WeightInitialization.Glorot, seed: 2), new Softmax());
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 0.01f))
        {
            BatchSize = 16, Epochs = 100, Seed = 1,
        };

        trainer.Fit(train);

        float accuracy = model.Accuracy(test);
        output.WriteLine($"Iris: test accuracy {accuracy:P1} on {test.Count} samples");
        accuracy.Should().BeGreaterThanOrEqualTo(0.93f);
    }

    [Fact]
    public void Fit_Wine_HeldOutAccuracyAtLeast95Percent()
    {
        // 13-16-3, ReLU, Softmax + CCE, Adam η = 0.01, batch 16, 60 epochs; 80/20 split, seed 1.
        (Dataset train, Dataset test) = TrainingFixtures.SplitStandardized(Datasets.Wine(), 0.8, seed: 1);
        var model = new Sequential(
            new Dense(13, 16, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(16, 3, WeightInitialization.Glorot, seed: 2), new Softmax());
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 0.01f))
        {
            BatchSize = 16, Epochs = 60, Seed = 1,
        };

        trainer.Fit(train);

        float accuracy = model.Accuracy(test);
        output.WriteLine($"Wine: test accuracy {accuracy:P1} on {test.Count} samples");
        accuracy.Should().BeGreaterThanOrEqualTo(0.95f);
    }

    [Fact]
    public void Fit_BreastCancer_HeldOutAccuracyAtLeast95Percent()
    {
        // 30-8-1, Tanh, Sigmoid + BCE, plain SGD η = 0.1, batch 16, 30 epochs; 80/20 split, seed 1.
        // On this split four initialisation seeds scored 96.5–97.4 % (the threshold is 109 of 114).
        (Dataset train, Dataset test) = TrainingFixtures.SplitStandardized(Datasets.BreastCancer(), 0.8, seed: 1);
        var model = new Sequential(
            new Dense(30, 8, WeightInitialization.Glorot, seed: 1), new Tanh(),
            new Dense(8, 1, WeightInitialization.Glorot, seed: 11), new Sigmoid());
        var trainer = new Trainer(model, new BinaryCrossEntropy(), new Sgd(learningRate: 0.1f))
        {
            BatchSize = 16, Epochs = 30, Seed = 1,
        };

        trainer.Fit(train);

        float accuracy = model.Accuracy(test);
        output.WriteLine($"Breast cancer: test accuracy {accuracy:P1} on {test.Count} samples");
        accuracy.Should().BeGreaterThanOrEqualTo(0.95f);
    }

    [Fact]
    public void Fit_Digits_HeldOutAccuracyAtLeast95Percent()
    {
        // 64-64-10, ReLU, Softmax + CCE, Adam η = 0.005, batch 32, 30 epochs; 80/20 split, seed 1.
        (Dataset train, Dataset test) = TrainingFixtures.SplitStandardized(Datasets.Digits(), 0.8, seed: 1);
        var model = new Sequential(
            new Dense(64, 64, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(64, 10, WeightInitialization.Glorot, seed: 2), new Softmax());
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 0.005f))
        {
            BatchSize = 32, Epochs = 30, Seed = 1,
        };

        trainer.Fit(train);

        float accuracy = model.Accuracy(test);
        output.WriteLine($"Digits: test accuracy {accuracy:P1} on {test.Count} samples");
        accuracy.Should().BeGreaterThanOrEqualTo(0.95f);
    }

    [Fact]
    public void Fit_DiabetesRegression_BeatsMeanPredictorByQuarterOfItsError()
    {
        // 10-16-1, Tanh, Identity + MSE, Adam η = 0.005, batch 32, 60 epochs; 80/20 split, seed 1.
        // Features and target are standardised with training statistics; the test error is measured
        // on the original scale. Margin: test MSE ≤ 0.75 × the MSE of always predicting the
        // training mean (R² ≥ 0.25 against that baseline; a linear model reaches about 0.45).
        (Dataset rawTrain, Dataset rawTest) = Datasets.Diabetes().Split(0.8, seed: 1);
        var scaler = Standardizer.Fit(rawTrain.Features);
        var targetScaler = Standardizer.Fit(rawTrain.Targets);
        var train = new Dataset(scaler.Transform(rawTrain.Features), targetScaler.Transform(rawTrain.Targets));
        Tensor testFeatures = scaler.Transform(rawTest.Features);
        var model = new Sequential(
            new Dense(10, 16, WeightInitialization.Glorot, seed: 1), new Tanh(),
            new Dense(16, 1, WeightInitialization.Glorot, seed: 2), new Identity());
        var trainer = new Trainer(model, new MeanSquaredError(), new Adam(learningRate: 0.005f))
        {
            BatchSize = 32, Epochs = 60, Seed = 1,
        };

        trainer.Fit(train);

        float mean = targetScaler.Means[0], deviation = targetScaler.StandardDeviations[0];
        ReadOnlySpan<float> predictions = model.Predict(testFeatures).AsSpan(), truth = rawTest.Targets.AsSpan();
        double modelError = 0, baselineError = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            double prediction = (predictions[i] * (double)deviation) + mean;
            modelError += (prediction - truth[i]) * (prediction - truth[i]);
            baselineError += (mean - (double)truth[i]) * (mean - truth[i]);
        }

        double ratio = modelError / baselineError;
        output.WriteLine(
            $"Diabetes: test MSE {modelError / truth.Length:F1}, mean predictor {baselineError / truth.Length:F1}, ratio {ratio:F3} (R² {1 - ratio:F3})");
        ratio.Should().BeLessThanOrEqualTo(0.75);
    }

    [Fact]
    public void Fit_DigitsMultiLabel_EachLabelWellAboveMajorityBaseline()
    {
        // Three independent yes/no labels per digit: even, ≥ 5, prime (2, 3, 5, 7). 64-64-3, ReLU,
        // Sigmoid + BCE, Adam η = 0.005, batch 32, 30 epochs; 80/20 split, seed 1. Each label must
        // reach 90 % on the test split and beat its majority-class baseline (50–61 %) by 25 points.
        (Dataset digitsTrain, Dataset digitsTest) = TrainingFixtures.SplitStandardized(Datasets.Digits(), 0.8, seed: 1);
        Dataset train = MultiLabel(digitsTrain), test = MultiLabel(digitsTest);
        var model = new Sequential(
            new Dense(64, 64, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(64, 3, WeightInitialization.Glorot, seed: 2), new Sigmoid());
        var trainer = new Trainer(model, new BinaryCrossEntropy(), new Adam(learningRate: 0.005f))
        {
            BatchSize = 32, Epochs = 30, Seed = 1,
        };

        trainer.Fit(train);

        Tensor predictions = model.Predict(test.Features);
        string[] names = ["even", "≥ 5", "prime"];
        for (int label = 0; label < 3; label++)
        {
            int correct = 0, positives = 0;
            for (int r = 0; r < test.Count; r++)
            {
                bool truth = test.Targets[r, label] == 1f;
                positives += truth ? 1 : 0;
                correct += (predictions[r, label] >= 0.5f) == truth ? 1 : 0;
            }

            double accuracy = (double)correct / test.Count;
            double baseline = (double)Math.Max(positives, test.Count - positives) / test.Count;
            output.WriteLine($"Multi-label '{names[label]}': test accuracy {accuracy:P1}, majority baseline {baseline:P1}");
            accuracy.Should().BeGreaterThanOrEqualTo(0.90, names[label]);
            accuracy.Should().BeGreaterThanOrEqualTo(baseline + 0.25, names[label]);
        }

        float hamming = model.Accuracy(test);
        output.WriteLine($"Multi-label: Hamming accuracy {hamming:P1}");
        hamming.Should().BeGreaterThanOrEqualTo(0.90f);
    }

    [Theory]
    [InlineData("batch", 0, 0.5f, 100)]
    [InlineData("stochastic", 1, 0.01f, 20)]
    [InlineData("mini-batch", 16, 0.05f, 40)]
    public void Fit_DescentMode_FinalEpochLossWellBelowFirst(string mode, int batchSize, float learningRate, int epochs)
    {
        // Iris (80/20 split, seed 1, standardised), 4-8-3, Tanh, Softmax + CCE, plain SGD; a batch
        // size of 0 here stands for the whole training set (batch gradient descent). The last
        // epoch's mean training loss must be under half the first's.
        (Dataset train, _) = TrainingFixtures.SplitStandardized(Datasets.Iris(), 0.8, seed: 1);
        var model = new Sequential(
            new Dense(4, 8, WeightInitialization.Glorot, seed: 1), new Tanh(),
            new Dense(8, 3, WeightInitialization.Glorot, seed: 2), new Softmax());
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Sgd(learningRate))
        {
            BatchSize = batchSize == 0 ? train.Count : batchSize, Epochs = epochs, Seed = 1,
        };

        TrainingHistory history = trainer.Fit(train);

        float first = history.TrainingLoss[0], last = history.TrainingLoss[^1];
        output.WriteLine($"{mode} (batch {trainer.BatchSize}, η {learningRate}, {epochs} epochs): loss {first:F4} → {last:F4}, ratio {last / first:F3}");
        history.Epochs.Should().HaveCount(epochs);
        last.Should().BeLessThan(0.5f * first);
    }

    /// <summary>Replaces one-hot digit targets by three labels: even, at least 5, prime.</summary>
    private static Dataset MultiLabel(Dataset digits)
    {
        var targets = new Tensor(digits.Count, 3);
        for (int r = 0; r < digits.Count; r++)
        {
            int digit = digits.Targets.Row(r).IndexOf(1f);
            targets[r, 0] = digit % 2 == 0 ? 1f : 0f;
            targets[r, 1] = digit >= 5 ? 1f : 0f;
            targets[r, 2] = digit is 2 or 3 or 5 or 7 ? 1f : 0f;
        }

        return new Dataset(digits.Features, targets);
    }
}
