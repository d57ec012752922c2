using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

/// <summary>
/// torch.optim.SGD(params, lr, momentum=μ, nesterov=True, weight_decay=λ): b ← g on the first step, else
/// b ← μ b + g; θ ← θ − η (g + μ b).
/// </summary>
public sealed class NesterovTests
{
    [Fact]
    public void Step_FirstStep_IsLearningRateTimesOnePlusMomentumTimesGradient()
    {
        float[][] values = OptimizerHarness.Run(new Nesterov(0.1f, momentum: 0.9f), [1f, -2f], [0.5f, -1f]);

        values[0].ShouldMatch([1 - (0.1 * 1.9 * 0.5), -2 + (0.1 * 1.9 * 1)], "step 1 = η(1 + μ)g");
    }

    [Fact]
    public void Step_SecondStep_UsesGradientPlusMomentumTimesBuffer()
    {
        float[][] values = OptimizerHarness.Run(new Nesterov(0.1f, momentum: 0.9f), [1f, -2f], [0.5f, -1f], [2f, 0.25f]);

        double[] first = [1 - (0.1 * 1.9 * 0.5), -2 + (0.1 * 1.9)];
        double[] buffer = [(0.9 * 0.5) + 2, (0.9 * -1) + 0.25];
        values[1].ShouldMatch([first[0] - (0.1 * (2 + (0.9 * buffer[0]))), first[1] - (0.1 * (0.25 + (0.9 * buffer[1])))], "step 2");
    }

    [Fact]
    public void Step_WithWeightDecay_AddsL2TermBeforeBuffer()
    {
        float[][] values = OptimizerHarness.Run(new Nesterov(0.1f, momentum: 0.5f, weightDecay: 0.2f), [2f], [1f]);

        double g = 1 + (0.2 * 2);
        values[0].ShouldMatch([2 - (0.1 * 1.5 * g)], "step 1");
    }

    [Fact]
    public void Constructor_Defaults_MatchDocumentation()
    {
        var nesterov = new Nesterov();

        nesterov.LearningRate.Should().Be(0.01f);
        nesterov.MomentumFactor.Should().Be(0.9f);
        nesterov.WeightDecay.Should().Be(0f);
    }
}
