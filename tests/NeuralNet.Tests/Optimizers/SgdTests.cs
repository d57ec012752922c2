using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

/// <summary>torch.optim.SGD(params, lr, momentum=0, weight_decay): g ← g + λθ; θ ← θ − η g.</summary>
public sealed class SgdTests
{
    [Fact]
    public void Step_FirstAndSecondStep_SubtractLearningRateTimesGradient()
    {
        float[][] values = OptimizerHarness.Run(new Sgd(0.1f), [1f, -2f], [0.5f, -1f], [2f, 0.25f]);

        values[0].ShouldMatch([1 - (0.1 * 0.5), -2 + (0.1 * 1)], "step 1");
        values[1].ShouldMatch([0.95 - (0.1 * 2), -1.9 - (0.1 * 0.25)], "step 2");
    }

    [Fact]
    public void Step_WithWeightDecay_AddsL2TermToGradient()
    {
        float[][] values = OptimizerHarness.Run(new Sgd(0.1f, weightDecay: 0.5f), [1f, -2f], [0.5f, -1f], [0f, 0f]);

        // θ₁ = θ₀ − η (g + λ θ₀); θ₂ = θ₁ (1 − ηλ) for a zero gradient.
        double[] first = [1 - (0.1 * (0.5 + 0.5)), -2 - (0.1 * (-1 - 1))];
        values[0].ShouldMatch(first, "step 1");
        values[1].ShouldMatch([first[0] * 0.95, first[1] * 0.95], "step 2");
    }

    [Fact]
    public void Constructor_Defaults_MatchDocumentation()
    {
        var sgd = new Sgd();

        sgd.LearningRate.Should().Be(0.01f);
        sgd.WeightDecay.Should().Be(0f);
    }
}
