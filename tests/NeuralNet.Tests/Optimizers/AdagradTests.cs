using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

/// <summary>
/// torch.optim.Adagrad(params, lr, lr_decay=δ, weight_decay=λ, initial_accumulator_value=s₀, eps=ε):
/// g ← g + λθ; η_t = η / (1 + (t − 1)δ); s ← s + g²; θ ← θ − η_t g / (√s + ε).
/// </summary>
public sealed class AdagradTests
{
    [Fact]
    public void Step_FirstStepWithZeroAccumulator_IsLearningRateTimesSignOfGradient()
    {
        float[][] values = OptimizerHarness.Run(new Adagrad(0.1f), [1f, -2f, 0.5f], [0.5f, -30f, 1e-3f]);

        values[0].ShouldMatch([0.9, -1.9, 0.4], "step 1 = η·sign(g)");
    }

    [Fact]
    public void Step_SecondStep_DividesBySqrtOfSumOfSquares()
    {
        float[][] values = OptimizerHarness.Run(new Adagrad(0.1f), [1f, -2f], [0.5f, -1f], [2f, 0.25f]);

        double[] first = [0.9, -1.9];
        values[1].ShouldMatch(
            [first[0] - (0.1 * 2 / Math.Sqrt(0.25 + 4)), first[1] - (0.1 * 0.25 / Math.Sqrt(1 + 0.0625))], "step 2");
    }

    [Fact]
    public void Step_LearningRateDecay_DividesStepTByOnePlusTMinusOneTimesDecay()
    {
        float[][] values = OptimizerHarness.Run(new Adagrad(0.1f, learningRateDecay: 0.5f), [1f], [1f], [1f], [1f]);

        values[0].ShouldMatch([1 - 0.1], "step 1, η");
        values[1].ShouldMatch([0.9 - (0.1 / 1.5 / Math.Sqrt(2))], "step 2, η/1.5");
        values[2].ShouldMatch([0.9 - (0.1 / 1.5 / Math.Sqrt(2)) - (0.1 / 2 / Math.Sqrt(3))], "step 3, η/2");
    }

    [Fact]
    public void Step_InitialAccumulator_StartsSumOfSquares()
    {
        float[][] values = OptimizerHarness.Run(new Adagrad(0.1f, initialAccumulatorValue: 3f), [1f], [1f]);

        values[0].ShouldMatch([1 - (0.1 / Math.Sqrt(3 + 1))], "step 1");
    }

    [Fact]
    public void Step_WithWeightDecay_AddsL2TermToGradient()
    {
        float[][] values = OptimizerHarness.Run(new Adagrad(0.1f, weightDecay: 0.5f), [2f], [1f], [1f]);

        double g1 = 1 + (0.5 * 2), theta1 = 2 - 0.1;
        double g2 = 1 + (0.5 * theta1);
        values[1].ShouldMatch([theta1 - (0.1 * g2 / Math.Sqrt((g1 * g1) + (g2 * g2)))], "step 2");
    }

    [Fact]
    public void Constructor_Defaults_MatchDocumentation()
    {
        var adagrad = new Adagrad();

        adagrad.LearningRate.Should().Be(0.01f);
        adagrad.LearningRateDecay.Should().Be(0f);
        adagrad.WeightDecay.Should().Be(0f);
        adagrad.InitialAccumulatorValue.Should().Be(0f);
        adagrad.Epsilon.Should().Be(1e-10f);
    }
}
