using NeuralNet.Kernels;

namespace NeuralNet.Tests.Kernels;

/// <summary>The fused optimizer passes on their own: formula and argument checks (the optimizers' tests compare them with their reference loops).</summary>
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
