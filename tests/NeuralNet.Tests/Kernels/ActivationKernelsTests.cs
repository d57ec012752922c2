using NeuralNet.Kernels;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// Each vector activation kernel against its scalar twin over every length 0–256 (so every
/// remainder of every vector width is hit), with unaligned inputs and a guard zone after the output,
/// plus the saturation behaviour on extreme inputs.
/// </summary>
/// <remarks>
/// Tolerances: forward kernels may differ from the scalar twin by 3e-7 + 1e-6·|y|. The vector
/// exponential may differ from <see cref="MathF.Exp"/> by an ulp or two (1e-6 relative), and the
/// vector tanh, computed as 1 − 2/(e^{2x} + 1), loses relative precision near 0 by cancellation —
/// its error there is absolute, about 2 ulp of 1 (2.4e-7). The backward kernels do the same float
/// operations in the same order as their twins and ReLU is a selection, so those must agree exactly.
/// </remarks>
public sealed class ActivationKernelsTests
{
    private const int MaxLength = 256;
    private const float Sentinel = 12345f;
    private const double ForwardAbsolute = 3e-7;
    private const double ForwardRelative = 1e-6;

    /// <summary>Inputs at and beyond the float32 exponential's limits (e^88.7 overflows).</summary>
    private static readonly float[] Extremes =
        [1e4f, -1e4f, 88f, -88f, 89f, -89f, 0f, -0f, 17f, -17f, 1e-30f, -1e-30f, float.MaxValue, float.MinValue, 44.5f, -44.5f];

    private delegate void Forward(ReadOnlySpan<float> x, Span<float> y);

    private delegate void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx);

    [Theory]
    [InlineData("Sigmoid")]
    [InlineData("Tanh")]
    [InlineData("Relu")]
    public void Forward_EveryLengthUpTo256_MatchesScalarTwin(string name)
    {
        (Forward vector, Forward scalar, _, _) = KernelsOf(name);
        for (int length = 0; length <= MaxLength; length++)
        {
            // Offset 1: the input is not vector-aligned.
            float[] input = TestData.Uniform(length + 1, -12f, 12f, seed: length);
            ReadOnlySpan<float> x = input.AsSpan(1);
            float[] actual = Guarded(length);
            float[] expected = new float[length];

            vector(x, actual.AsSpan(0, length));
            scalar(x, expected);

            double absolute = name == "Relu" ? 0 : ForwardAbsolute;
            double relative = name == "Relu" ? 0 : ForwardRelative;
            Approx.AssertClose(actual.AsSpan(0, length), expected, absolute, relative, $"{name}, length {length}");
            AssertGuardIntact(actual, length, name);
        }
    }

    [Theory]
    [InlineData("Sigmoid")]
    [InlineData("Tanh")]
    [InlineData("Relu")]
    public void Backward_EveryLengthUpTo256_MatchesScalarTwinExactly(string name)
    {
        (_, Forward scalarForward, Backward vector, Backward scalar) = KernelsOf(name);
        for (int length = 0; length <= MaxLength; length++)
        {
            // The backward kernels read the forward output, so feed them real outputs (ReLU's include zeros).
            float[] y = new float[length + 1];
            scalarForward(TestData.Uniform(length, -5f, 5f, seed: length), y.AsSpan(1));
            float[] dy = TestData.Uniform(length + 1, -1f, 1f, seed: length + 1000);
            float[] actual = Guarded(length);
            float[] expected = new float[length];

            vector(y.AsSpan(1), dy.AsSpan(1), actual.AsSpan(0, length));
            scalar(y.AsSpan(1), dy.AsSpan(1), expected);

            actual.AsSpan(0, length).SequenceEqual(expected).Should().BeTrue("{0}Backward, length {1}", name, length);
            AssertGuardIntact(actual, length, name + "Backward");
        }
    }

    [Theory]
    [InlineData("Sigmoid")]
    [InlineData("Tanh")]
    [InlineData("Relu")]
    public void Forward_ExtremeInputs_FiniteAndMatchesScalarTwin(string name)
    {
        (Forward vector, Forward scalar, Backward vectorBackward, _) = KernelsOf(name);
        // Repeated so that every extreme lands in the vector body as well as in the scalar remainder.
        float[] x = [.. Enumerable.Range(0, 5).SelectMany(_ => Extremes), 1e4f, -1e4f, 88f];
        float[] actual = new float[x.Length];
        float[] expected = new float[x.Length];
        float[] gradient = new float[x.Length];

        vector(x, actual);
        scalar(x, expected);
        vectorBackward(actual, Enumerable.Repeat(1f, x.Length).ToArray(), gradient);

        Approx.AssertAllFinite(actual, name);
        Approx.AssertAllFinite(gradient, name + "Backward");
        Approx.AssertClose(actual, expected, ForwardAbsolute, ForwardRelative, name);
    }

    [Fact]
    public void Sigmoid_ExtremeInputs_SaturatesToZeroAndOne()
    {
        float[] x = [.. Enumerable.Repeat<float[]>([1e4f, -1e4f, 88f, -88f, 0f, float.MaxValue, float.MinValue, -100f], 3).SelectMany(v => v)];
        foreach (Forward sigmoid in new Forward[] { ActivationKernels.Sigmoid, ActivationKernels.SigmoidScalar })
        {
            float[] y = new float[x.Length];

            sigmoid(x, y);

            for (int i = 0; i < x.Length; i++)
            {
                y[i].Should().BeInRange(0f, 1f, "σ({0})", x[i]);
                if (x[i] >= 17f)
                {
                    y[i].Should().Be(1f, "σ({0}) rounds to 1 in float32", x[i]);
                }
                else if (x[i] <= -100f)
                {
                    y[i].Should().Be(0f, "e^{0} overflows, so σ({1}) is exactly 0", -x[i], x[i]);
                }
                else if (x[i] == 0f)
                {
                    y[i].Should().Be(0.5f);
                }
            }
        }
    }

    [Fact]
    public void Tanh_ExtremeInputs_SaturatesToMinusOneAndOne()
    {
        float[] x = [.. Enumerable.Repeat<float[]>([1e4f, -1e4f, 88f, -88f, 0f, float.MaxValue, float.MinValue, 20f], 3).SelectMany(v => v)];
        foreach (Forward tanh in new Forward[] { ActivationKernels.Tanh, ActivationKernels.TanhScalar })
        {
            float[] y = new float[x.Length];

            tanh(x, y);

            for (int i = 0; i < x.Length; i++)
            {
                y[i].Should().Be(x[i] == 0f ? 0f : MathF.Sign(x[i]), "tanh({0})", x[i]);
            }
        }
    }

    [Theory]
    [InlineData(3)]   // the scalar tail only
    [InlineData(19)]  // vectors and a tail
    public void Relu_NaN_StaysNaN(int length)
    {
        float[] x = [.. Enumerable.Range(0, length).Select(i => i % 2 == 0 ? float.NaN : -1f)];
        float[] y = new float[length];
        float[] scalar = new float[length];

        ActivationKernels.Relu(x, y);
        ActivationKernels.ReluScalar(x, scalar);

        // A diverged value must reach the loss, not vanish into a zero.
        for (int i = 0; i < length; i++)
        {
            float.IsNaN(y[i]).Should().Be(i % 2 == 0, $"element {i} of the vector kernel");
            float.IsNaN(scalar[i]).Should().Be(i % 2 == 0, $"element {i} of the scalar twin");
        }
    }

    [Fact]
    public void Relu_ExtremeInputs_ClampsNegativesToZero()
    {
        float[] x = [.. Enumerable.Repeat<float[]>([1e4f, -1e4f, 88f, -88f, 0f, float.MaxValue, float.MinValue, -1e-30f], 3).SelectMany(v => v)];
        float[] y = new float[x.Length];

        ActivationKernels.Relu(x, y);

        y.Should().Equal(x.Select(v => v > 0f ? v : 0f));
    }

    [Fact]
    public void ReluBackward_AtZeroOutput_GivesZeroGradient()
    {
        float[] y = [.. Enumerable.Repeat(0f, 16), 1f];
        float[] dy = [.. Enumerable.Repeat(3f, 17)];
        float[] dx = new float[17];

        ActivationKernels.ReluBackward(y, dy, dx);

        dx.Take(16).Should().AllBeEquivalentTo(0f);
        dx[16].Should().Be(3f);
    }

    [Theory]
    [InlineData("Sigmoid")]
    [InlineData("Tanh")]
    [InlineData("Relu")]
    public void Kernels_MismatchedLengths_ThrowArgumentException(string name)
    {
        (Forward vector, Forward scalar, Backward vectorBackward, _) = KernelsOf(name);
        float[] eight = new float[8];
        float[] nine = new float[9];

        Action forward = () => vector(eight, nine);
        Action forwardScalar = () => scalar(nine, eight);
        Action backward = () => vectorBackward(eight, eight, nine);
        Action backwardGradient = () => vectorBackward(eight, nine, eight);

        forward.Should().Throw<ArgumentException>().WithMessage("*8*9*");
        forwardScalar.Should().Throw<ArgumentException>();
        backward.Should().Throw<ArgumentException>();
        backwardGradient.Should().Throw<ArgumentException>();
    }

    private static (Forward Vector, Forward Scalar, Backward VectorBackward, Backward ScalarBackward) KernelsOf(string name) => name switch
    {
        "Sigmoid" => (ActivationKernels.Sigmoid, ActivationKernels.SigmoidScalar, ActivationKernels.SigmoidBackward, ActivationKernels.SigmoidBackwardScalar),
        "Tanh" => (ActivationKernels.Tanh, ActivationKernels.TanhScalar, ActivationKernels.TanhBackward, ActivationKernels.TanhBackwardScalar),
        "Relu" => (ActivationKernels.Relu, ActivationKernels.ReluScalar, ActivationKernels.ReluBackward, ActivationKernels.ReluBackwardScalar),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown kernel."),
    };

    /// <summary>An output buffer of <paramref name="length"/> elements followed by a guard zone of sentinels.</summary>
    private static float[] Guarded(int length)
    {
        float[] buffer = new float[length + 17];
        buffer.AsSpan().Fill(Sentinel);
        return buffer;
    }

    private static void AssertGuardIntact(float[] buffer, int length, string name) =>
        buffer.Skip(length).Should().AllBeEquivalentTo(Sentinel, "{0} must not write past element {1}", name, length);
}
