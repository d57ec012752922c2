using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

/// <summary>
/// torch.optim.AdamW(params, lr, betas, eps, weight_decay, amsgrad): θ ← θ(1 − ηλ), then the Adam update with the
/// raw gradient; checked against <see cref="AdamReference"/>.
/// </summary>
public sealed class AdamWTests
{
    [Fact]
    public void Step_FirstStep_DecaysBeforeTheAdamUpdate()
    {
        float[][] values = OptimizerHarness.Run(new AdamW(0.1f, weightDecay: 0.5f), [2f, -2f], [0.5f, 0.5f]);

        // θ₁ = θ₀(1 − ηλ) − η·sign(g) = 2·0.95 − 0.1, not (θ₀ − η·sign(g))(1 − ηλ) = 1.805.
        values[0].ShouldMatch([(2 * 0.95) - 0.1, (-2 * 0.95) - 0.1], "step 1");
    }

    [Fact]
    public void Step_FirstAndSecondStep_MatchFormula()
    {
        float[][] gradients = [[0.5f, -1f], [2f, 0.25f]];
        float[][] values = OptimizerHarness.Run(new AdamW(0.1f, 0.8f, 0.95f, weightDecay: 0.3f), [1f, -2f], gradients);
        double[][] expected = AdamReference.Run(0.1f, 0.8f, 0.95f, 1e-8f, 0.3f, false, true, [1f, -2f], gradients);

        values[0].ShouldMatch(expected[0], "step 1");
        values[1].ShouldMatch(expected[1], "step 2");
    }

    [Fact]
    public void Step_ZeroGradient_OnlyDecaysTheWeights()
    {
        float[][] values = OptimizerHarness.Run(new AdamW(0.1f, weightDecay: 0.5f), [4f], [0f], [0f]);

        values[0].ShouldMatch([4 * 0.95], "step 1");
        values[1].ShouldMatch([4 * 0.95 * 0.95], "step 2");
    }

    [Fact]
    public void Step_DecoupledDecay_DiffersFromAdamWithL2()
    {
        float[][] gradients = [[0.5f], [0.25f]];
        float[][] adamW = OptimizerHarness.Run(new AdamW(0.1f, weightDecay: 0.5f), [2f], gradients);
        float[][] adam = OptimizerHarness.Run(new Adam(0.1f, weightDecay: 0.5f), [2f], gradients);

        adamW[1][0].Should().NotBeApproximately(adam[1][0], 1e-3f);
    }

    [Fact]
    public void Step_AmsGrad_MatchesFormula()
    {
        float[][] gradients = [[10f], [0.1f], [0.1f]];
        float[][] values = OptimizerHarness.Run(new AdamW(0.1f, amsGrad: true), [1f], gradients);
        double[][] expected = AdamReference.Run(0.1f, 0.9f, 0.999f, 1e-8f, 0.01f, true, true, [1f], gradients);

        for (int t = 0; t < gradients.Length; t++)
        {
            values[t].ShouldMatch(expected[t], $"step {t + 1}");
        }
    }

    [Fact]
    public void Constructor_Defaults_MatchDocumentation()
    {
        var adamW = new AdamW();

        adamW.LearningRate.Should().Be(1e-3f);
        adamW.Beta1.Should().Be(0.9f);
        adamW.Beta2.Should().Be(0.999f);
        adamW.Epsilon.Should().Be(1e-8f);
        adamW.WeightDecay.Should().Be(0.01f);
        adamW.AmsGrad.Should().BeFalse();
    }
}
