using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

/// <summary>
/// torch.optim.SGD(params, lr, momentum=μ, dampening=τ, weight_decay=λ): b ← g on the first step, else
/// b ← μ b + (1 − τ) g; θ ← θ − η b.
/// </summary>
public sealed class MomentumTests
{
    [Fact]
    public void Step_FirstAndSecondStep_FollowGradientBuffer()
    {
        float[][] values = OptimizerHarness.Run(new Momentum(0.1f, momentum: 0.9f), [1f, -2f], [0.5f, -1f], [2f, 0.25f]);

        // b₁ = g₁; b₂ = 0.9 g₁ + g₂.
        double[] first = [1 - (0.1 * 0.5), -2 + (0.1 * 1)];
        values[0].ShouldMatch(first, "step 1");
        values[1].ShouldMatch([first[0] - (0.1 * ((0.9 * 0.5) + 2)), first[1] - (0.1 * ((0.9 * -1) + 0.25))], "step 2");
    }

    [Fact]
    public void Step_WithDampening_NotAppliedOnFirstStep()
    {
        float[][] values = OptimizerHarness.Run(new Momentum(0.1f, momentum: 0.9f, dampening: 0.5f), [1f], [0.5f], [2f]);

        // b₁ = g₁ (undamped); b₂ = 0.9 b₁ + (1 − 0.5) g₂.
        values[0].ShouldMatch([1 - (0.1 * 0.5)], "step 1");
        values[1].ShouldMatch([0.95 - (0.1 * ((0.9 * 0.5) + (0.5 * 2)))], "step 2");
    }

    [Fact]
    public void Step_WithMomentumZeroAndDampening_IsPlainSgdAsInTorch()
    {
        // torch keeps no buffer at momentum 0: the dampening never scales the step (it did here from step 2).
        float[][] values = OptimizerHarness.Run(new Momentum(0.1f, momentum: 0f, dampening: 0.5f), [1f], [0.5f], [2f], [-1f]);

        values[0].ShouldMatch([1 - (0.1 * 0.5)], "step 1");
        values[1].ShouldMatch([0.95 - (0.1 * 2)], "step 2");
        values[2].ShouldMatch([0.75 + (0.1 * 1)], "step 3");
    }

    [Fact]
    public void Step_WithWeightDecay_DecayEntersBufferBeforeMomentum()
    {
        float[][] values = OptimizerHarness.Run(new Momentum(0.1f, momentum: 0.5f, weightDecay: 0.2f), [2f], [1f], [1f]);

        double g1 = 1 + (0.2 * 2), theta1 = 2 - (0.1 * g1);
        double g2 = 1 + (0.2 * theta1), buffer2 = (0.5 * g1) + g2;
        values[0].ShouldMatch([theta1], "step 1");
        values[1].ShouldMatch([theta1 - (0.1 * buffer2)], "step 2");
    }

    [Fact]
    public void Constructor_Defaults_MatchDocumentation()
    {
        var momentum = new Momentum();

        momentum.LearningRate.Should().Be(0.01f);
        momentum.MomentumFactor.Should().Be(0.9f);
        momentum.Dampening.Should().Be(0f);
        momentum.WeightDecay.Should().Be(0f);
    }
}
