using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;
using NeuralNet.Training;

namespace NeuralNet.Tests.Layers;

public sealed class BatchNormTests
{
    /// <summary>The layer inside a model switched to training mode (the mode the trainer uses for its steps).</summary>
    private static BatchNorm Training(BatchNorm norm)
    {
        _ = new Sequential(norm) { IsTraining = true };
        return norm;
    }

    private static BatchNorm Inference(BatchNorm norm)
    {
        _ = new Sequential(norm);
        return norm;
    }

    private static Tensor Input(int rows, int features, int seed) =>
        new(TestData.Uniform(rows * features, -2f, 3f, seed), rows, features);

    [Fact]
    public void Training_NormalisesEachColumnToMeanZeroAndBiasedVarianceOne()
    {
        BatchNorm norm = Training(new BatchNorm(5));
        Tensor x = Input(16, 5, seed: 1);

        Tensor y = norm.Forward(x);

        for (int j = 0; j < 5; j++)
        {
            double[] column = [.. Enumerable.Range(0, 16).Select(r => (double)y[r, j])];
            double mean = column.Average();
            mean.Should().BeApproximately(0, 1e-6, $"column {j}");
            double biased = column.Sum(v => (v - mean) * (v - mean)) / 16;
            biased.Should().BeApproximately(1, 1e-4, $"column {j}: ε = 1e-5 shrinks it by about 1e-5/σ²");
        }
    }

    [Fact]
    public void Training_AppliesGammaAndBetaAfterNormalising()
    {
        BatchNorm norm = Training(new BatchNorm(2));
        norm.Gamma.Value[0] = 3f;
        norm.Gamma.Value[1] = -0.5f;
        norm.Beta.Value[0] = 1f;
        norm.Beta.Value[1] = 2f;
        var x = new Tensor([1f, 10f, 3f, 20f], 2, 2); // each column: mean m, values m ∓ d

        float[] y = norm.Forward(x).AsSpan().ToArray();

        // x̂ = ∓1·√(d²/(d² + ε)), so y = γ·x̂ + β.
        double Scale(double d) => d / Math.Sqrt((d * d) + 1e-5);
        y[0].Should().BeApproximately((float)((3 * -Scale(1)) + 1), 1e-6f);
        y[2].Should().BeApproximately((float)((3 * Scale(1)) + 1), 1e-6f);
        y[1].Should().BeApproximately((float)((-0.5 * -Scale(5)) + 2), 1e-6f);
        y[3].Should().BeApproximately((float)((-0.5 * Scale(5)) + 2), 1e-6f);
    }

    [Fact]
    public void Training_MovesTheRunningStatisticsWithTheUnbiasedVariance()
    {
        BatchNorm norm = Training(new BatchNorm(1, momentum: 0.25f));
        var x = new Tensor([1f, 2f, 6f], 3, 1); // mean 3, Σ(x − μ)² = 14: biased 14/3, unbiased 7

        norm.Forward(x);

        norm.RunningMean[0].Should().BeApproximately((0.75f * 0f) + (0.25f * 3f), 1e-7f);
        norm.RunningVariance[0].Should().BeApproximately((0.75f * 1f) + (0.25f * 7f), 1e-6f, "the running variance takes B/(B − 1) times the batch's");
        norm.BatchesTracked.Should().Be(1);

        norm.Forward(x);
        norm.RunningMean[0].Should().BeApproximately((0.75f * 0.75f) + (0.25f * 3f), 1e-6f);
        norm.BatchesTracked.Should().Be(2);
    }

    [Fact]
    public void Inference_UsesTheRunningStatistics_AndChangesNothing()
    {
        BatchNorm norm = Inference(new BatchNorm(2, epsilon: 1e-3f));
        norm.RunningMean[0] = 1f;
        norm.RunningMean[1] = -2f;
        norm.RunningVariance[0] = 4f;
        norm.RunningVariance[1] = 0.25f;
        norm.Gamma.Value[1] = 2f;
        norm.Beta.Value[0] = 0.5f;
        var x = new Tensor([3f, 0f], 1, 2);

        float[] y = norm.Forward(x).AsSpan().ToArray();
        float[] predicted = new Sequential(norm).Predict(x).AsSpan().ToArray();

        y[0].Should().BeApproximately((float)((2 / Math.Sqrt(4.001)) + 0.5), 1e-6f);
        y[1].Should().BeApproximately((float)(2 * 2 / Math.Sqrt(0.251)), 1e-5f);
        predicted.Should().Equal(y, "Predict runs the same inference form, bit for bit");
        norm.RunningMean.AsSpan().ToArray().Should().Equal(1f, -2f);
        norm.RunningVariance.AsSpan().ToArray().Should().Equal(4f, 0.25f);
        norm.BatchesTracked.Should().Be(0);
    }

    [Fact]
    public void Training_BatchOfOneRow_ThrowsNamingTheLayer_InferenceAcceptsIt()
    {
        BatchNorm norm = Training(new BatchNorm(3));

        Action forward = () => norm.Forward(new Tensor([1f, 2f, 3f], 1, 3));

        forward.Should().Throw<InvalidOperationException>().WithMessage("*BatchNorm(3)*training batch of 1 row*at least 2 rows*");
        new Sequential(new BatchNorm(3)).Predict(new Tensor([1f, 2f, 3f], 1, 3)).Length.Should().Be(3);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(32)]
    public void GradientCheck_TrainingMode_InputGammaAndBeta(int rows)
    {
        BatchNorm norm = Training(new BatchNorm(4));
        TestData.Uniform(4, 0.5f, 2f, seed: 3).CopyTo(norm.Gamma.Value.AsSpan());
        TestData.Uniform(4, -1f, 1f, seed: 4).CopyTo(norm.Beta.Value.AsSpan());

        GradientCheck.AssertLayer(norm, Input(rows, 4, seed: rows), seed: 5);
    }

    [Fact]
    public void GradientCheck_InferenceMode_InputGammaAndBeta()
    {
        BatchNorm norm = Inference(new BatchNorm(3));
        norm.RunningMean[1] = 0.7f;
        norm.RunningVariance[2] = 2.5f;
        norm.Gamma.Value[0] = -1.5f;

        GradientCheck.AssertLayer(norm, Input(5, 3, seed: 9), seed: 6);
    }

    [Fact]
    public void GradientCheck_InANetwork_DenseWithoutBias_BatchNorm_ReLU()
    {
        var model = new Sequential(
            new Dense(3, 5, bias: false, WeightInitialization.He, seed: 1), new BatchNorm(5), new Tanh(), new Dense(5, 2, seed: 2))
        {
            IsTraining = true,
        };

        GradientCheck.AssertNetwork(model, Input(6, 3, seed: 2), seed: 3);
    }

    [Fact]
    public void RunningStatistics_AreBuffers_NotParameters()
    {
        var norm = new BatchNorm(6);

        norm.Parameters.Should().Equal(norm.Gamma, norm.Beta);
        norm.Gamma.Name.Should().Be("weight");
        norm.Beta.Name.Should().Be("bias");
        norm.Gamma.Value.AsSpan().ToArray().Should().OnlyContain(v => v == 1f);
        norm.RunningVariance.AsSpan().ToArray().Should().OnlyContain(v => v == 1f);
        new Sequential(new Dense(4, 6), norm).Summary().Should().Contain("12 + 12 not trained");
    }

    [Theory]
    [InlineData(0, 1e-5f, 0.1f, "features")]
    [InlineData(3, 0f, 0.1f, "epsilon")]
    [InlineData(3, float.NaN, 0.1f, "epsilon")]
    [InlineData(3, 1e-5f, 1.5f, "momentum")]
    [InlineData(3, 1e-5f, -0.1f, "momentum")]
    public void Constructor_OutOfRange_ThrowsNamingTheArgument(int features, float epsilon, float momentum, string parameter)
    {
        Action create = () => _ = new BatchNorm(features, epsilon, momentum);

        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(parameter);
    }

    [Fact]
    public void Trainer_BatchSizeOne_OrALastBatchOfOne_IsRefusedBeforeTraining()
    {
        Dataset data = Datasets.Iris();
        var model = new Sequential(new Dense(4, 8, bias: false, seed: 1), new BatchNorm(8), new ReLU(), new Dense(8, 3, seed: 2), new Softmax());
        float[] before = [.. model.Parameters.SelectMany(p => p.Value.AsSpan().ToArray())];

        Action stochastic = () => new Trainer(model, new CategoricalCrossEntropy(), new Sgd(0.1f)) { BatchSize = 1, Epochs = 1 }.Fit(data);
        Action lastOfOne = () => new Trainer(model, new CategoricalCrossEntropy(), new Sgd(0.1f)) { BatchSize = 149, Epochs = 1 }.Fit(data);

        stochastic.Should().Throw<InvalidOperationException>().WithMessage("*BatchNorm(8)*at least 2 rows*BatchSize is 1*");
        lastOfOne.Should().Throw<InvalidOperationException>().WithMessage("*BatchNorm(8)*150 samples in batches of 149 leave a last batch of 1*");
        model.Parameters.SelectMany(p => p.Value.AsSpan().ToArray()).Should().Equal(before);
    }

    [Fact]
    public void Trainer_LearnsIris_AndValidatesInInferenceMode()
    {
        (Dataset train, Dataset test) = Datasets.Iris().Split(0.8, seed: 1);
        var model = new Sequential(
            new Dense(4, 16, bias: false, WeightInitialization.He, seed: 1), new BatchNorm(16), new ReLU(), new Dense(16, 3, seed: 2), new Softmax());
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(3e-3f)) { BatchSize = 24, Epochs = 60, Seed = 1 };

        TrainingHistory history = trainer.Fit(train, validation: test);
        (float testLoss, _) = trainer.Evaluate(test);

        model.IsTraining.Should().BeFalse();
        var norm = (BatchNorm)model.Layers[1];
        norm.BatchesTracked.Should().Be(60 * (long)Math.Ceiling(train.Count / 24.0));
        norm.RunningMean.AsSpan().ToArray().Should().Contain(v => v != 0f, "training moved the running mean");
        model.Accuracy(test).Should().BeGreaterThan(0.9f);
        history.Epochs[^1].ValidationLoss.Should().Be(testLoss,
            "validation runs in inference mode, on the running statistics, as Evaluate does");
    }

    [Fact]
    public void EarlyStopping_RestoresTheRunningStatisticsOfTheBestEpoch()
    {
        (Dataset train, Dataset validation) = Datasets.Iris().Split(0.7, seed: 3);
        Sequential Build() => new(
            new Dense(4, 32, bias: false, WeightInitialization.He, seed: 1), new BatchNorm(32), new ReLU(), new Dense(32, 3, seed: 2), new Softmax());
        Sequential stopped = Build();
        TrainingHistory history = new Trainer(stopped, new CategoricalCrossEntropy(), new Adam(5e-2f)) { BatchSize = 10, Epochs = 60, Seed = 2, Patience = 3 }
            .Fit(train, validation);
        history.StoppedEarly.Should().BeTrue("a fast rate on 105 samples over-fits within 60 epochs");

        Sequential replay = Build();
        new Trainer(replay, new CategoricalCrossEntropy(), new Adam(5e-2f)) { BatchSize = 10, Epochs = history.BestEpoch, Seed = 2 }.Fit(train, validation);

        var restored = (BatchNorm)stopped.Layers[1];
        var best = (BatchNorm)replay.Layers[1];
        restored.RunningMean.AsSpan().ToArray().Should().Equal(best.RunningMean.AsSpan().ToArray());
        restored.RunningVariance.AsSpan().ToArray().Should().Equal(best.RunningVariance.AsSpan().ToArray());
        stopped.Parameters.SelectMany(p => p.Value.AsSpan().ToArray()).Should().Equal(replay.Parameters.SelectMany(p => p.Value.AsSpan().ToArray()));
    }
}
