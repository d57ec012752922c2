using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

/// <summary>
/// torch.optim.RMSprop(params, lr, alpha=α, eps=ε, weight_decay=λ, momentum=μ, centered): v ← α v + (1 − α) g²;
/// d = √v + ε (centred: m ← α m + (1 − α) g, d = √(v − m²) + ε); θ ← θ − η g/d, or with momentum b ← μ b + g/d, θ ← θ − η b.
/// </summary>
public sealed class RmsPropTests
{
    [Fact]
    public void Step_FirstStepWithAlpha099_IsTenTimesLearningRate()
    {
        float[][] values = OptimizerHarness.Run(new RmsProp(0.01f), [1f, -2f], [0.5f, -4f]);

        // v = 0.01 g², so g/√v = 10·sign(g): no bias correction.
        values[0].ShouldMatch([1 - 0.1, -2 + 0.1], "step 1 = 10η·sign(g)");
    }

    [Fact]
    public void Step_SecondStep_UsesRunningAverageOfSquares()
    {
        float[][] values = OptimizerHarness.Run(new RmsProp(0.01f, alpha: 0.9f), [1f], [0.5f], [2f]);

        double v1 = 0.1 * 0.25, theta1 = 1 - (0.01 * 0.5 / (Math.Sqrt(v1) + 1e-8));
        double v2 = (0.9 * v1) + (0.1 * 4);
        values[0].ShouldMatch([theta1], "step 1");
        values[1].ShouldMatch([theta1 - (0.01 * 2 / (Math.Sqrt(v2) + 1e-8))], "step 2");
    }

    [Fact]
    public void Step_Centered_NormalisesByVarianceEstimate()
    {
        float[][] values = OptimizerHarness.Run(new RmsProp(0.01f, alpha: 0.9f, centered: true), [1f], [0.5f], [2f]);

        double v1 = 0.1 * 0.25, m1 = 0.1 * 0.5;
        double theta1 = 1 - (0.01 * 0.5 / (Math.Sqrt(v1 - (m1 * m1)) + 1e-8));
        double v2 = (0.9 * v1) + (0.1 * 4), m2 = (0.9 * m1) + (0.1 * 2);
        values[0].ShouldMatch([theta1], "step 1");
        values[1].ShouldMatch([theta1 - (0.01 * 2 / (Math.Sqrt(v2 - (m2 * m2)) + 1e-8))], "step 2");
    }

    [Fact]
    public void Step_LargeEpsilon_IsAddedToTheRootMeanSquare()
    {
        // ε = 0.5 is large enough that adding or subtracting it shows (the default 1e-8 hides it).
        float[][] values = OptimizerHarness.Run(new RmsProp(0.1f, alpha: 0.5f, epsilon: 0.5f), [1f], [2f]);

        double v1 = 0.5 * 4;
        values[0].ShouldMatch([1 - (0.1 * 2 / (Math.Sqrt(v1) + 0.5))], "step 1");
    }

    [Fact]
    public void Step_WithMomentum_AccumulatesNormalisedGradients()
    {
        float[][] values = OptimizerHarness.Run(new RmsProp(0.01f, alpha: 0.9f, momentum: 0.5f), [1f], [0.5f], [2f]);

        double v1 = 0.1 * 0.25, b1 = 0.5 / (Math.Sqrt(v1) + 1e-8);
        double v2 = (0.9 * v1) + (0.1 * 4), b2 = (0.5 * b1) + (2 / (Math.Sqrt(v2) + 1e-8));
        values[0].ShouldMatch([1 - (0.01 * b1)], "step 1");
        values[1].ShouldMatch([1 - (0.01 * b1) - (0.01 * b2)], "step 2");
    }

    [Fact]
    public void Step_WithWeightDecay_AddsL2TermToGradient()
    {
        float[][] values = OptimizerHarness.Run(new RmsProp(0.01f, alpha: 0.9f, weightDecay: 0.5f), [2f], [1f], [1f]);

        double g1 = 1 + (0.5 * 2), v1 = 0.1 * g1 * g1, theta1 = 2 - (0.01 * g1 / (Math.Sqrt(v1) + 1e-8));
        double g2 = 1 + (0.5 * theta1), v2 = (0.9 * v1) + (0.1 * g2 * g2);
        values[1].ShouldMatch([theta1 - (0.01 * g2 / (Math.Sqrt(v2) + 1e-8))], "step 2");
    }

    [Fact]
    public void Constructor_Defaults_MatchDocumentation()
    {
        var rmsProp = new RmsProp();

        rmsProp.LearningRate.Should().Be(0.01f);
        rmsProp.Alpha.Should().Be(0.99f);
        rmsProp.Epsilon.Should().Be(1e-8f);
        rmsProp.WeightDecay.Should().Be(0f);
        rmsProp.MomentumFactor.Should().Be(0f);
        rmsProp.Centered.Should().BeFalse();
    }
}
