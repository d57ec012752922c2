using NeuralNet.Optimizers;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Optimizers;

/// <summary>Parameter groups: their own learning rate and weight decay, the rest from the optimizer, as torch's.</summary>
public sealed class ParameterGroupTests
{
    private static Parameter Point(string name) => new(name, new Tensor([1f, -2f], 2));

    private static void Gradient(Parameter p, float a, float b)
    {
        p.Gradient[0] = a;
        p.Gradient[1] = b;
    }

    [Fact]
    public void GroupWithLearningRateZero_IsFrozen_WhileOthersMove()
    {
        Parameter frozen = Point("frozen"), free = Point("free");
        var adam = new Adam(0.1f);
        adam.SetGroup([frozen], learningRate: 0f);
        for (int step = 0; step < 3; step++)
        {
            Gradient(frozen, 0.5f, -1f);
            Gradient(free, 0.5f, -1f);
            adam.Step([frozen, free]);
        }

        frozen.Value.AsSpan().ToArray().Should().Equal(1f, -2f);
        free.Value.AsSpan().ToArray().Should().NotEqual([1f, -2f]);
        adam.LearningRate.Should().Be(0.1f, "the optimizer's own rate is unchanged by the group");
    }

    [Fact]
    public void GroupWeightDecay_AppliesToItsParametersOnly()
    {
        Parameter decayed = Point("w"), plain = Point("b");
        var sgd = new Sgd(0.1f);
        sgd.SetGroup([decayed], weightDecay: 0.5f);
        Gradient(decayed, 0f, 0f);
        Gradient(plain, 0f, 0f);

        sgd.Step([decayed, plain]);

        decayed.Value.AsSpan().ToArray().Should().Equal(1f - (0.1f * 0.5f * 1f), -2f - (0.1f * 0.5f * -2f));
        plain.Value.AsSpan().ToArray().Should().Equal(1f, -2f);
        sgd.WeightDecay.Should().Be(0f);
    }

    [Fact]
    public void SettingAGroupAgain_MovesTheParameter()
    {
        Parameter p = Point("p");
        var sgd = new Sgd(0.1f);
        sgd.SetGroup([p], learningRate: 0f);
        sgd.SetGroup([p], learningRate: 1f);
        Gradient(p, 1f, 1f);

        sgd.Step([p]);

        p.Value.AsSpan().ToArray().Should().Equal(0f, -3f);
    }

    [Theory]
    [InlineData(-1f, null)]
    [InlineData(float.NaN, null)]
    [InlineData(null, -0.1f)]
    [InlineData(null, float.PositiveInfinity)]
    public void GroupValues_OutOfRange_Throw(float? learningRate, float? weightDecay)
    {
        Action set = () => new Sgd().SetGroup([Point("p")], learningRate, weightDecay);

        set.Should().Throw<ArgumentOutOfRangeException>();
    }
}
