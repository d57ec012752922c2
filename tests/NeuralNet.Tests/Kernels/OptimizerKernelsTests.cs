using NeuralNet.Kernels;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// The fused optimizer passes must match the optimizers' scalar formulas bit for bit. The formulas
/// are written out below as plain loops, as in the optimizers' remarks, so that these tests do not
/// depend on how the optimizer classes hold their state.
/// </summary>
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
        float[] fastM = new float[length], fastV = new float[length], slowM = new float[length], slowV = new float[length];

        for (int step = 1; step <= 3; step++)
        {
            float[] gradient = Random(length, 10 + step, 0.5f);
            (float stepSize, float bc2Sqrt) = BiasCorrections(step, 1e-2f, 0.9f, 0.999f);
            OptimizerKernels.Adam(fast, gradient, fastM, fastV, 0.9f, 0.999f, 1e-8f, 0.01f, stepSize, bc2Sqrt);
            AdamSpecification(slow, gradient, slowM, slowV, 0.9f, 0.999f, 1e-8f, 0.01f, stepSize, bc2Sqrt);
        }

        fast.Should().Equal(slow);
        fastM.Should().Equal(slowM);
        fastV.Should().Equal(slowV);
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

    /// <summary>
    /// Adam (torch.optim.Adam, no AMSGrad) element by element: g = ∇ + λθ; m = β₁m + (1−β₁)g;
    /// v = β₂v + (1−β₂)g²; θ −= stepSize · m / (√v / bc2Sqrt + ε).
    /// </summary>
    internal static void AdamSpecification(Span<float> value, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v,
        float beta1, float beta2, float epsilon, float weightDecay, float stepSize, float bc2Sqrt)
    {
        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i] + (weightDecay * value[i]);
            m[i] = (beta1 * m[i]) + ((1f - beta1) * g);
            v[i] = (beta2 * v[i]) + ((1f - beta2) * g * g);
            value[i] -= stepSize * m[i] / ((MathF.Sqrt(v[i]) / bc2Sqrt) + epsilon);
        }
    }

    /// <summary>η/(1 − β₁ᵗ) and √(1 − β₂ᵗ), computed in double and rounded once, as the optimizer does.</summary>
    internal static (float StepSize, float Bc2Sqrt) BiasCorrections(int step, float learningRate, float beta1, float beta2) =>
        ((float)(learningRate / (1 - Math.Pow(beta1, step))), (float)Math.Sqrt(1 - Math.Pow(beta2, step)));
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
        float[] fastM = new float[length], fastV = new float[length], slowM = new float[length], slowV = new float[length];
        int saved = Parallelism.MaxDegreeOfParallelism;
        try
        {
            Parallelism.MaxDegreeOfParallelism = 2;
            for (int step = 1; step <= 2; step++)
            {
                (float stepSize, float bc2Sqrt) = OptimizerKernelsTests.BiasCorrections(step, 1e-3f, 0.9f, 0.999f);
                OptimizerKernels.Adam(fast, gradient, fastM, fastV, 0.9f, 0.999f, 1e-8f, 0f, stepSize, bc2Sqrt);
                OptimizerKernelsTests.AdamSpecification(slow, gradient, slowM, slowV, 0.9f, 0.999f, 1e-8f, 0f, stepSize, bc2Sqrt);
            }
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = saved;
        }

        fast.Should().Equal(slow);
    }
}
