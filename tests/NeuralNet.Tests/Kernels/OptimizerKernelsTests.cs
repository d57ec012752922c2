using NeuralNet.Tests.Support;
using NeuralNet.Kernels;
using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Kernels;

/// <summary>The fused optimizer passes must match the optimizers' scalar formulas bit for bit.</summary>
public sealed class OptimizerKernelsTests
{
    public static TheoryData<int> Lengths() => [.. Enumerable.Range(0, 70).Append(255).Append(256).Append(257)];

    private static float[] Random(int length, int seed, float scale)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale)];
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Adam_ThreeSteps_MatchesScalarSpecificationBitForBit(int length)
    {
        float[] fast = Random(length, 1, 1f), slow = [.. fast];
        var fastState = new AdamState(length, amsGrad: false);
        var slowState = new AdamState(length, amsGrad: false);

        for (int step = 1; step <= 3; step++)
        {
            float[] gradient = Random(length, 10 + step, 0.5f);
            AdamState.Apply(fast, gradient, fastState, step, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.01f, amsGrad: false);
            AdamState.ApplyReference(slow, gradient, slowState, step, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.01f, amsGrad: false);
        }

        fast.Should().Equal(slow);
        fastState.FirstMoment.Should().Equal(slowState.FirstMoment);
        fastState.SecondMoment.Should().Equal(slowState.SecondMoment);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sgd_OneStep_MatchesFormulaBitForBit(int length)
    {
        float[] value = Random(length, 2, 1f), expected = [.. value];
        float[] gradient = Random(length, 3, 1f);
        for (int i = 0; i < length; i++)
        {
            float g = gradient[i] + (0.1f * expected[i]);
            expected[i] -= 0.05f * g;
        }

        OptimizerKernels.Sgd(value, gradient, 0.05f, 0.1f);

        value.Should().Equal(expected);
    }

    [Fact]
    public void Adam_MismatchedLengths_ThrowsArgumentException()
    {
        Action step = () => OptimizerKernels.Adam(new float[4], new float[3], new float[4], new float[4], 0.9f, 0.999f, 1e-8f, 0f, 1e-3f, 1f);

        step.Should().Throw<ArgumentException>().WithMessage("*4*3*");
    }
}

/// <summary>The Adam pass splits large parameters across threads; the split must not change a bit.</summary>
[Collection(ParallelismSetting.Name)]
public sealed class OptimizerKernelsThreadingTests
{
    [Theory]
    [InlineData(1 << 15)]
    [InlineData(235_146)]
    public void Adam_LargeParameterOnTwoThreads_MatchesScalarSpecificationBitForBit(int length)
    {
        var random = new Random(5);
        float[] fast = [.. Enumerable.Range(0, length).Select(_ => (float)random.NextDouble())];
        float[] slow = [.. fast];
        float[] gradient = [.. Enumerable.Range(0, length).Select(_ => (float)random.NextDouble() - 0.5f)];
        var fastState = new AdamState(length, amsGrad: false);
        var slowState = new AdamState(length, amsGrad: false);
        int saved = Parallelism.MaxDegreeOfParallelism;
        try
        {
            Parallelism.MaxDegreeOfParallelism = 2;
            for (int step = 1; step <= 2; step++)
            {
                AdamState.Apply(fast, gradient, fastState, step, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, amsGrad: false);
                AdamState.ApplyReference(slow, gradient, slowState, step, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, amsGrad: false);
            }
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = saved;
        }

        fast.Should().Equal(slow);
    }
}
