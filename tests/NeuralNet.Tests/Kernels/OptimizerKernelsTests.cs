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

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Adam_WideNarrowAndScalarPasses_GiveTheFormulasBitsOverSeveralSteps(int length)
    {
        var adam = new OptimizerKernels.AdamOperator(0.9f, 0.999f, 1e-8f, 0.01f, 1e-2f, 0.3f);
        float[] start = Random(length, 4, 1f), first = Random(length, 5, 0.1f), second = [.. Random(length, 6, 0.01f).Select(MathF.Abs)];
        (float[] P, float[] M, float[] V) wide = ([.. start], [.. first], [.. second]);
        (float[] P, float[] M, float[] V) narrow = ([.. start], [.. first], [.. second]);
        (float[] P, float[] M, float[] V) formula = ([.. start], [.. first], [.. second]);
        for (int step = 0; step < 3; step++)
        {
            float[] gradient = Random(length, 10 + step, 1f);
            OptimizerKernels.UpdateAdam(adam, wide.P, gradient, wide.M, wide.V);
            OptimizerKernels.UpdateAdam(adam, narrow.P, gradient, narrow.M, narrow.V, wide: false);
            for (int i = 0; i < length; i++)
            {
                float p = formula.P[i];
                float g = gradient[i] + (0.01f * p);
                float m = (0.9f * formula.M[i]) + ((1f - 0.9f) * g);
                float v = (0.999f * formula.V[i]) + ((1f - 0.999f) * g * g);
                (formula.M[i], formula.V[i]) = (m, v);
                formula.P[i] = p - (1e-2f * m / ((MathF.Sqrt(v) / 0.3f) + 1e-8f));
            }
        }

        wide.P.Should().Equal(formula.P);
        wide.M.Should().Equal(formula.M);
        wide.V.Should().Equal(formula.V);
        narrow.P.Should().Equal(formula.P);
        narrow.V.Should().Equal(formula.V);
    }

    [Fact]
    public void Adam_MismatchedLengths_ThrowsArgumentException()
    {
        Action step = () => OptimizerKernels.Adam(new float[4], new float[3], new float[4], new float[4], 0.9f, 0.999f, 1e-8f, 0f, 1e-3f, 1f);

        step.Should().Throw<ArgumentException>().WithMessage("*4*3*");
    }
}
