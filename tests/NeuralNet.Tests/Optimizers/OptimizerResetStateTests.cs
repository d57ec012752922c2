using NeuralNet.Optimizers;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Optimizers;

/// <summary>
/// <c>ResetState</c> forgets every moment buffer and per-parameter step count: the step after a
/// reset is the step a freshly built optimizer would take from the same weights and gradient.
/// </summary>
public sealed class OptimizerResetStateTests
{
    public static TheoryData<string> Names => [.. Factories.Keys];

    private static readonly Dictionary<string, Func<Optimizer>> Factories = new()
    {
        ["Sgd"] = () => new Sgd(0.1f),
        ["Momentum"] = () => new Momentum(0.1f, momentum: 0.9f),
        ["Nesterov"] = () => new Nesterov(0.1f, momentum: 0.9f),
        ["Adagrad"] = () => new Adagrad(0.1f, learningRateDecay: 0.01f),
        ["RmsProp(centered, momentum)"] = () => new RmsProp(0.1f, momentum: 0.5f, centered: true),
        ["Adam"] = () => new Adam(0.1f),
        ["Adam(amsGrad)"] = () => new Adam(0.1f, amsGrad: true),
        ["AdamW"] = () => new AdamW(0.1f),
    };

    private static Parameter Theta(float[] values, float[] gradient)
    {
        var parameter = new Parameter("theta", new Tensor([.. values], values.Length));
        gradient.CopyTo(parameter.Gradient.AsSpan());
        return parameter;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ResetState_AfterHugeGradients_NextStepEqualsAFreshOptimizersFirstStep(string name)
    {
        float[] start = [3f, -2f, 0.5f];
        float[] gradient = [0.2f, -0.1f, 0.05f];
        Optimizer used = Factories[name]();
        Parameter theta = Theta(start, [1e30f, -1e30f, 1e30f]);
        for (int i = 0; i < 3; i++)
        {
            used.Step([theta]); // grows every buffer far beyond the gradient that follows
        }

        used.ResetState();
        start.CopyTo(theta.Value.AsSpan()); // the same parameter object, so only the reset can forget its state
        gradient.CopyTo(theta.Gradient.AsSpan());
        used.Step([theta]);
        Parameter fresh = Theta(start, gradient);
        Factories[name]().Step([fresh]);

        theta.Value.AsSpan().ToArray().Should().Equal(fresh.Value.AsSpan().ToArray());
        used.StepCount.Should().Be(4, "the step count is bookkeeping and survives the reset");
    }

    [Fact]
    public void ResetState_MomentumAfterExplodedGradient_RetryMovesByLearningRateTimesGradient()
    {
        // The case: without the reset a retry at η = 1e-3 moved weights by 6e14 in its first step.
        var optimizer = new Momentum(1e-3f, momentum: 0.9f);
        Parameter theta = Theta([1f], [1e30f]);
        optimizer.Step([theta]);
        theta.Value.AsSpan()[0] = 1f;
        theta.Gradient.AsSpan()[0] = 1f;

        optimizer.ResetState();
        optimizer.Step([theta]);

        theta.Value.AsSpan()[0].Should().Be(1f - 1e-3f);
    }
}
