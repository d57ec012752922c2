using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;
using NeuralNet.Training;

namespace NeuralNet.Tests.Losses;

/// <summary>What every loss promises at its public surface: shapes checked, classification declared, soft targets honoured.</summary>
public sealed class LossContractTests
{
    public static TheoryData<string> Names => ["mse", "bce", "cce"];

    private static Loss Create(string name) => name switch
    {
        "mse" => new MeanSquaredError(),
        "bce" => new BinaryCrossEntropy(),
        _ => new CategoricalCrossEntropy(),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_DestinationOfAnotherShape_ThrowsNamingGradient(string name)
    {
        Tensor p = new([0.25f, 0.75f, 0.5f, 0.5f], 2, 2);

        Action act = () => Create(name).Gradient(p, p.Clone(), new Tensor(2, 3));

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradient");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ComputeAndGradient_NullTensor_ThrowArgumentNullException(string name)
    {
        Tensor p = new([0.25f, 0.75f], 1, 2);
        Loss loss = Create(name);

        ((Action)(() => loss.Compute(null!, p))).Should().Throw<ArgumentNullException>();
        ((Action)(() => loss.Compute(p, null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => loss.Gradient(p, p, null!))).Should().Throw<ArgumentNullException>();
    }

    [Theory]
    [InlineData("mse", false)]
    [InlineData("bce", true)]
    [InlineData("cce", true)]
    public void Fit_Loss_ReportsTrainingAccuracyOnlyForClassification(string name, bool classification)
    {
        Layer output = name == "cce" ? new Softmax() : new Sigmoid();
        var model = new Sequential(new Dense(3, 2, seed: 1), output);
        var x = TestData.Matrix(6, 3, seed: 2);
        var targets = new Tensor(6, 2);
        for (int r = 0; r < 6; r++)
        {
            targets[r, r % 2] = 1f;
        }

        var trainer = new Trainer(model, Create(name), new NeuralNet.Optimizers.Sgd(0.1f)) { Epochs = 1, BatchSize = 3 };
        TrainingHistory history = trainer.Fit(new NeuralNet.Data.Dataset(x, targets));

        (history.Epochs[0].TrainingAccuracy is not null).Should().Be(classification);
    }

    [Fact]
    public void GradientFromLogits_TargetsSummingToTwo_IsSoftmaxTimesTheSumMinusTargetsOverRows()
    {
        // ∂/∂z of −Σ t log softmax(z) is softmax(z)·Σt − t; one-hot targets hide the Σt factor.
        var loss = new CategoricalCrossEntropy();
        Tensor logits = new([0f, 0f], 1, 2), targets = new([1.5f, 0.5f], 1, 2), gradient = new(1, 2);

        loss.GradientFromLogits(logits, targets, gradient);

        Approx.AssertClose(gradient.AsSpan(), [(0.5 * 2) - 1.5, (0.5 * 2) - 0.5], 1e-7, 1e-6, "softmax·Σt − t");
    }
}
