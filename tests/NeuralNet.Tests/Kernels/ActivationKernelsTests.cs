using NeuralNet.Kernels;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// What the activation kernels promise beyond matching their scalar twins (which
/// <see cref="ElementWiseTests"/> checks for every operator and length): saturation and finiteness on
/// extreme inputs, NaN propagation, ReLU′(0) = 0, and length checks.
/// </summary>
/// <remarks>
/// Tolerances: sigmoid and tanh call the vector exponential in the vector body and
/// <see cref="MathF.Exp"/> in the remainder, an ulp or two apart, so the two may differ by
/// 3e-7 + 1e-6·|y|.
/// </remarks>
public sealed class ActivationKernelsTests
{
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
    public void Forward_ExtremeInputs_FiniteAndMatchesScalarTwin(string name)
    {
        (Forward vector, Forward scalar, Backward vectorBackward) = KernelsOf(name);
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
        foreach (Forward sigmoid in new Forward[] { ActivationKernels.Sigmoid, Scalar<ActivationKernels.SigmoidOperator> })
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
        foreach (Forward tanh in new Forward[] { ActivationKernels.Tanh, Scalar<ActivationKernels.TanhOperator> })
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
        Scalar<ActivationKernels.ReluOperator>(x, scalar);

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
        (Forward vector, Forward scalar, Backward vectorBackward) = KernelsOf(name);
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

    private static (Forward Vector, Forward Scalar, Backward VectorBackward) KernelsOf(string name) => name switch
    {
        "Sigmoid" => (ActivationKernels.Sigmoid, Scalar<ActivationKernels.SigmoidOperator>, ActivationKernels.SigmoidBackward),
        "Tanh" => (ActivationKernels.Tanh, Scalar<ActivationKernels.TanhOperator>, ActivationKernels.TanhBackward),
        "Relu" => (ActivationKernels.Relu, Scalar<ActivationKernels.ReluOperator>, ActivationKernels.ReluBackward),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown kernel."),
    };

    /// <summary>The scalar twin: the operator run through the driver's scalar formula alone.</summary>
    private static void Scalar<TOperator>(ReadOnlySpan<float> x, Span<float> y)
        where TOperator : struct, IUnaryOperator =>
        ElementWise.Map<TOperator>(x, y, vectorized: false);
}
