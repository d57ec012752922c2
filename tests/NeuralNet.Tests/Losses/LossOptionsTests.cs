using NeuralNet.Losses;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Losses;

/// <summary>L1 and Huber losses and the sum reduction (the v2 reference vectors check them against torch too).</summary>
public sealed class LossOptionsTests
{
    private static readonly Tensor s_predictions = new([0.3f, -1.7f, 2.2f, 0.9f, -0.4f, 1.6f], 2, 3);
    private static readonly Tensor s_targets = new([0.1f, -1.0f, 3.0f, 0.85f, 0.4f, -0.5f], 2, 3);

    public static TheoryData<string> Losses => ["l1", "huber", "mse"];

    private static Loss Create(string name, LossReduction reduction = LossReduction.Mean) => name switch
    {
        "l1" => new L1Loss { Reduction = reduction },
        "huber" => new HuberLoss(0.5f) { Reduction = reduction },
        _ => new MeanSquaredError { Reduction = reduction },
    };

    [Theory]
    [MemberData(nameof(Losses))]
    public void Gradient_MatchesCentralFiniteDifferences(string name)
    {
        Loss loss = Create(name);
        var gradient = new Tensor(2, 3);
        loss.Gradient(s_predictions, s_targets, gradient);
        Tensor probe = s_predictions.Clone();

        FiniteDifference.AssertGradient(gradient.AsSpan(), probe.AsSpan(), () => loss.Compute(probe, s_targets), name);
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void SumReduction_IsTheMeanTimesTheElementCount(string name)
    {
        Loss mean = Create(name), sum = Create(name, LossReduction.Sum);
        Tensor meanGradient = new(2, 3), sumGradient = new(2, 3);
        mean.Gradient(s_predictions, s_targets, meanGradient);
        sum.Gradient(s_predictions, s_targets, sumGradient);

        sum.Compute(s_predictions, s_targets).Should().BeApproximately(6 * mean.Compute(s_predictions, s_targets), 1e-5f);
        sumGradient.AsSpan().ToArray().Should().Equal(meanGradient.AsSpan().ToArray().Select(g => g * 6f), (a, b) => Math.Abs(a - b) <= 1e-6f);
    }

    [Fact]
    public void CategoricalCrossEntropy_SumReduction_SumsRowsNotElements()
    {
        var p = new Tensor([0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f], 2, 3);
        var t = new Tensor([1f, 0f, 0f, 0f, 0f, 1f], 2, 3);

        float sum = new CategoricalCrossEntropy { Reduction = LossReduction.Sum }.Compute(p, t);

        sum.Should().BeApproximately(-(MathF.Log(0.7f) + MathF.Log(0.6f)), 1e-6f);
    }

    [Fact]
    public void Huber_IsHalfTheSquareInsideDeltaAndLinearOutside()
    {
        var loss = new HuberLoss(1f);

        loss.Compute(new Tensor([0.5f], 1, 1), new Tensor([0f], 1, 1)).Should().BeApproximately(0.125f, 1e-7f);
        loss.Compute(new Tensor([3f], 1, 1), new Tensor([0f], 1, 1)).Should().BeApproximately(2.5f, 1e-7f);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Huber_DeltaOutOfRange_ThrowsNamingIt(float delta)
    {
        Action create = () => _ = new HuberLoss(delta);

        create.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(delta));
    }

    [Fact]
    public void Reduction_Undefined_Throws()
    {
        Action create = () => _ = new L1Loss { Reduction = (LossReduction)7 };

        create.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Reduction");
    }
}
