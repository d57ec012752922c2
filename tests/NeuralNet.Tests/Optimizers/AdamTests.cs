using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

/// <summary>
/// torch.optim.Adam(params, lr, betas=(β₁, β₂), eps, weight_decay, amsgrad), checked against <see cref="AdamReference"/>.
/// The hyperparameters are written as float32 literals and widened, so the oracle uses the values the optimizer holds.
/// </summary>
public sealed class AdamTests
{
    [Fact]
    public void Step_FirstStep_IsLearningRateTimesSignOfGradient()
    {
        float[][] values = OptimizerHarness.Run(new Adam(0.1f), [1f, -2f, 0.5f], [0.5f, -30f, 1e-3f]);

        // m/(1 − β₁) = g and √v/√(1 − β₂) = |g|: the bias corrections make the first step η·sign(g).
        values[0].ShouldMatch([0.9, -1.9, 0.4], "step 1 = η·sign(g)");
    }

    [Fact]
    public void Step_FirstAndSecondStep_MatchFormula()
    {
        float[][] gradients = [[0.5f, -1f], [2f, 0.25f]];
        float[][] values = OptimizerHarness.Run(new Adam(0.1f, 0.8f, 0.95f), [1f, -2f], gradients);
        double[][] expected = AdamReference.Run(0.1f, 0.8f, 0.95f, 1e-8f, 0, false, false, [1f, -2f], gradients);

        values[0].ShouldMatch(expected[0], "step 1");
        values[1].ShouldMatch(expected[1], "step 2");
    }

    [Fact]
    public void Step_EpsilonAfterBiasCorrection_MatchesPaperNotKeras()
    {
        // A large ε makes the placement visible: ε on the corrected √v (PyTorch, the paper) vs on the raw √v (Keras).
        float[][] gradients = [[0.01f]];
        float[][] values = OptimizerHarness.Run(new Adam(0.1f, epsilon: 0.01f), [1f], gradients);
        double[][] expected = AdamReference.Run(0.1f, 0.9f, 0.999f, 0.01f, 0, false, false, [1f], gradients);

        values[0].ShouldMatch(expected[0], "step 1");
        expected[0][0].Should().BeApproximately(1 - (0.1 * 0.01 / 0.02), 1e-9);
    }

    [Fact]
    public void Step_AmsGrad_KeepsMaximumOfRawSecondMoment()
    {
        // A large gradient then small ones: v falls but AMSGrad keeps its maximum, so the steps are smaller.
        float[][] gradients = [[10f], [0.1f], [0.1f]];
        float[][] plain = OptimizerHarness.Run(new Adam(0.1f), [1f], gradients);
        float[][] values = OptimizerHarness.Run(new Adam(0.1f, amsGrad: true), [1f], gradients);
        double[][] expected = AdamReference.Run(0.1f, 0.9f, 0.999f, 1e-8f, 0, true, false, [1f], gradients);

        for (int t = 0; t < gradients.Length; t++)
        {
            values[t].ShouldMatch(expected[t], $"step {t + 1}");
        }

        values[2][0].Should().BeGreaterThan(plain[2][0], "AMSGrad's larger denominator takes smaller steps");
    }

    [Fact]
    public void Step_WithWeightDecay_AddsCoupledL2TermToGradient()
    {
        float[][] gradients = [[0.5f, -1f], [2f, 0.25f]];
        float[][] values = OptimizerHarness.Run(new Adam(0.1f, weightDecay: 0.5f), [1f, -2f], gradients);
        double[][] expected = AdamReference.Run(0.1f, 0.9f, 0.999f, 1e-8f, 0.5f, false, false, [1f, -2f], gradients);

        values[0].ShouldMatch(expected[0], "step 1");
        values[1].ShouldMatch(expected[1], "step 2");
    }

    [Fact]
    public void Constructor_Defaults_MatchDocumentation()
    {
        var adam = new Adam();

        adam.LearningRate.Should().Be(1e-3f);
        adam.Beta1.Should().Be(0.9f);
        adam.Beta2.Should().Be(0.999f);
        adam.Epsilon.Should().Be(1e-8f);
        adam.WeightDecay.Should().Be(0f);
        adam.AmsGrad.Should().BeFalse();
    }
}
