using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Tensors;
using NeuralNet.Training;

namespace NeuralNet.Tests.Layers;

/// <summary>A single sigmoid output read as two classes, and the small checks around classification and names.</summary>
public sealed class BinaryClassificationTests
{
    /// <summary>Dense(1→1) with weight w and no bias, then a sigmoid: p = σ(w·x).</summary>
    private static Sequential Sigmoid(float weight)
    {
        var dense = new Dense(1, 1, seed: 1);
        dense.Weight.Value[0] = weight;
        return new Sequential(dense, new NeuralNet.Layers.Sigmoid());
    }

    [Fact]
    public void PredictTopK_OneSigmoidBelowHalf_RanksClassZeroFirstWithOneMinusP()
    {
        Sequential model = Sigmoid(0f); // p = 0.5 at x = 0; at x = −1 with w = 1, p = σ(−1)
        model.Layers.OfType<Dense>().Single().Weight.Value[0] = 1f;
        float p = 1f / (1f + MathF.Exp(1f));

        IReadOnlyList<ClassPrediction> ranked = model.PredictTopK([-1f], k: 2);

        ranked.Select(c => c.Index).Should().Equal(0, 1);
        ranked[0].Probability.Should().BeApproximately(1f - p, 1e-6f);
        ranked[1].Probability.Should().BeApproximately(p, 1e-6f);
        model.PredictTopK([-1f], k: 1).Should().ContainSingle().Which.Index.Should().Be(0);
    }

    [Fact]
    public void PredictTopK_OneSigmoidAboveHalf_RanksClassOneFirstWithP()
    {
        Sequential model = Sigmoid(2f);
        float p = 1f / (1f + MathF.Exp(-2f));

        IReadOnlyList<ClassPrediction> ranked = model.PredictTopK([1f], k: 2);

        ranked.Select(c => c.Index).Should().Equal(1, 0);
        ranked[0].Probability.Should().BeApproximately(p, 1e-6f);
        ranked[1].Probability.Should().BeApproximately(1f - p, 1e-6f);
    }

    [Fact]
    public void Constructor_StandardizationThenMismatchedDense_NamesTheLayerBeforeWithoutCallingItDense()
    {
        Action act = () => _ = new Sequential(new Standardization([0f, 0f], [1f, 1f]), new Dense(3, 1, seed: 1));

        act.Should().Throw<ArgumentException>().WithMessage("*but the layer before it (Standardization*) outputs 2 values*");
    }

    [Fact]
    public void Constructor_MismatchedDenseLayers_CallsThePreviousOneDense()
    {
        Action act = () => _ = new Sequential(new Dense(2, 4, seed: 1), new Dense(3, 1, seed: 2));

        act.Should().Throw<ArgumentException>().WithMessage("*but the dense layer before it (Dense*) outputs 4 values*");
    }

    [Fact]
    public void Fit_ConstantColumn_GetsDeviationOne()
    {
        var features = new Tensor([3f, 1f, 3f, 2f, 3f, 4f], 3, 2);

        Standardization layer = Standardization.Fit(features);

        layer.StandardDeviations[0].Should().Be(1f);
        layer.Means[0].Should().Be(3f);
        layer.StandardDeviations[1].Should().BeGreaterThan(0f).And.NotBe(1f);
    }

    [Fact]
    public void Accuracy_NullArguments_ThrowArgumentNullException()
    {
        Sequential model = Sigmoid(1f);
        var data = new Dataset(new Tensor(2, 1), new Tensor(2, 1));

        ((Action)(() => ModelEvaluation.Accuracy(null!, data))).Should().Throw<ArgumentNullException>();
        ((Action)(() => model.Accuracy(null!))).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void TrainingCanceledException_Message_SaysWhichEpochWasCancelled()
    {
        var history = new TrainingHistory();
        history.Add(new EpochMetrics(1, 0.5f, null, null, null, TimeSpan.Zero));

        new TrainingCanceledException(history, CancellationToken.None).Message
            .Should().Be("Training was cancelled during epoch 2; History holds the 1 finished epochs.");
        new TrainingCanceledException().Message.Should().NotContain("epoch");
    }
}
