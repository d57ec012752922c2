using NeuralNet.Kernels;
using NeuralNet.Layers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

/// <summary>
/// Hand values, hyperparameter validation and the regions the shared suite of <see cref="ActivationTests"/>
/// does not reach for LeakyReLU, ELU, GELU, SiLU and Softplus. Expected values are the formulas
/// evaluated in double precision.
/// </summary>
public sealed class ParametricActivationTests
{
    private const float Tolerance = 2e-7f;

    [Fact]
    public void LeakyReLU_HandValues_ScaleTheNegativeSideAndItsGradient()
    {
        (float[] y, float[] dx) = Run(new LeakyReLU(0.1f), [-2f, 3f, 0f, -0.5f]);

        y.Should().Equal(-0.2f, 3f, 0f, -0.05f);
        dx.Should().Equal(0.1f, 1f, 0.1f, 0.1f);
    }

    [Fact]
    public void ELU_HandValues_SaturateTowardsMinusAlpha()
    {
        (float[] y, float[] dx) = Run(new ELU(2f), [-1f, 2f, -30f]);

        y[0].Should().BeApproximately((float)(2 * -0.6321205588285577), Tolerance);
        y[1].Should().Be(2f);
        y[2].Should().BeApproximately(-2f, Tolerance);
        dx[0].Should().BeApproximately((float)(2 * 0.36787944117144233), Tolerance);
        dx[1].Should().Be(1f);
    }

    [Fact]
    public void GELU_HandValues_AreTheExactErfForm()
    {
        (float[] y, float[] dx) = Run(new GELU(), [1f, -1f, 0f, -6f]);

        y[0].Should().BeApproximately(0.8413447460685429f, Tolerance);
        y[1].Should().BeApproximately(-0.15865525393145707f, Tolerance);
        y[2].Should().Be(0f);
        // Far in the lower tail the value keeps its relative accuracy (1 + erf would cancel).
        ((double)y[3]).Should().BeApproximately(-5.919525870226207e-09, 1e-15);
        dx[0].Should().BeApproximately(1.0833154705876864f, Tolerance);
        dx[2].Should().Be(0.5f);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(-0.3)]
    [InlineData(1.7)]
    [InlineData(2.9)]
    [InlineData(-4.2)]
    [InlineData(5.5)]
    [InlineData(-9)]
    public void NormalCdf_MatchesErfcReferenceValues(double x)
    {
        // Φ(x) for x ≤ 0 from the symmetry Φ(x) = 1 − Φ(−x) must agree with the direct evaluation, and
        // the derivative of Φ is φ: a central difference checks both branches and the seam at |x/√2| = 3.
        double phi = ActivationKernels.NormalCdf(x), mirrored = 1 - ActivationKernels.NormalCdf(-x);
        phi.Should().BeApproximately(mirrored, 1e-15);
        double h = 1e-5, density = Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
        ((ActivationKernels.NormalCdf(x + h) - ActivationKernels.NormalCdf(x - h)) / (2 * h)).Should().BeApproximately(density, 1e-9);
    }

    [Theory]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(-1.5, -0.9661051464753108)]
    public void ErfSeries_MatchesReferenceValues(double t, double expected) =>
        ActivationKernels.ErfSeries(t).Should().BeApproximately(expected, 1e-15);

    [Theory]
    [InlineData(3.0, 2.209049699858544e-05)]
    [InlineData(4.0, 1.541725790028002e-08)]
    [InlineData(6.0, 2.1519736712498913e-17)]
    public void ErfcContinuedFraction_MatchesReferenceValuesRelatively(double t, double expected) =>
        (ActivationKernels.ErfcContinuedFraction(t) / expected).Should().BeApproximately(1.0, 1e-14);

    [Fact]
    public void SiLU_HandValues_AreXTimesSigmoid()
    {
        (float[] y, float[] dx) = Run(new SiLU(), [1f, -2f, 0f, -100f]);

        y[0].Should().BeApproximately(0.7310585786300049f, Tolerance);
        y[1].Should().BeApproximately(-0.2384058440442351f, Tolerance);
        y[2].Should().Be(0f);
        y[3].Should().BeApproximately(0f, 1e-30f);
        dx[0].Should().BeApproximately(0.9276705118714869f, Tolerance);
        dx[2].Should().Be(0.5f);
    }

    [Fact]
    public void Softplus_HandValues_CoverTheSmoothTailAndLinearRegions()
    {
        (float[] y, float[] dx) = Run(new Softplus(), [0f, -30f, 25f]);

        y[0].Should().BeApproximately(0.6931471805599453f, Tolerance);
        ((double)y[1]).Should().BeApproximately(9.357622968839737e-14, 1e-20);
        y[2].Should().Be(25f);
        dx[0].Should().Be(0.5f);
        dx[2].Should().Be(1f);
    }

    [Fact]
    public void Softplus_BetaAndThreshold_DivideByBetaAndSwitchToLinearAboveIt()
    {
        (float[] y, float[] dx) = Run(new Softplus(beta: 2f, threshold: 4f), [1f, 3f]);

        y[0].Should().BeApproximately(1.0634640055214863f, Tolerance);
        y[1].Should().Be(3f);
        dx[0].Should().BeApproximately((float)(1 / (1 + Math.Exp(-2.0))), Tolerance);
        dx[1].Should().Be(1f);
    }

    [Fact]
    public void Softplus_GradientCheck_AcrossTheThreshold_AwayFromIt()
    {
        // β = 2, threshold 4: the switch is at x = 2; the inputs stay 0.2 from it, on both sides.
        var x = new Tensor([-2.5f, -0.4f, 0.9f, 1.7f, 2.3f, 3.1f], 2, 3);

        GradientCheck.AssertLayer(new Softplus(beta: 2f, threshold: 4f), x, seed: 5);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void LeakyReLU_InvalidSlope_ThrowsNamingIt(float slope) =>
        ((Action)(() => _ = new LeakyReLU(slope))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("negativeSlope");

    [Theory]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.NegativeInfinity)]
    public void ELU_InvalidAlpha_ThrowsNamingIt(float value) =>
        ((Action)(() => _ = new ELU(value))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("alpha");

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Softplus_InvalidBeta_ThrowsNamingIt(float value) =>
        ((Action)(() => _ = new Softplus(value))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("beta");

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Softplus_InvalidThreshold_ThrowsNamingIt(float value) =>
        ((Action)(() => _ = new Softplus(1f, value))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("threshold");

    [Fact]
    public void Hyperparameters_AreKeptAndNamed()
    {
        new LeakyReLU().NegativeSlope.Should().Be(0.01f);
        new ELU().Alpha.Should().Be(1f);
        var softplus = new Softplus();
        (softplus.Beta, softplus.Threshold).Should().Be((1f, 20f));
        new LeakyReLU(0.2f).Name.Should().Be("LeakyReLU(0.2)");
        new Softplus(2f, 5f).Name.Should().Be("Softplus(β=2, threshold=5)");
    }

    [Theory]
    [InlineData("LeakyReLU")]
    [InlineData("ELU")]
    [InlineData("GELU")]
    [InlineData("SiLU")]
    [InlineData("Softplus")]
    public void Predict_IsStatelessAndMatchesForward(string name)
    {
        Layer Make() => name switch
        {
            "LeakyReLU" => new LeakyReLU(0.2f),
            "ELU" => new ELU(0.5f),
            "GELU" => new GELU(),
            "SiLU" => new SiLU(),
            _ => new Softplus(2f, 3f),
        };
        // 37 columns: a vector body and a remainder at any vector width.
        Tensor x = TestData.Matrix(3, 37, seed: 7, min: -4f, max: 4f);
        var model = new Sequential(new Dense(37, 37, seed: 1), Make(), new Dense(37, 2, seed: 2));

        float[] expected = model.Forward(x).AsSpan().ToArray();
        Tensor other = TestData.Matrix(5, 37, seed: 8, min: -4f, max: 4f);
        model.Forward(other);

        model.Predict(x).AsSpan().ToArray().Should().Equal(expected);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Kernels_VectorAndScalarForms_AgreeWithinAnUlpOrTwo(bool vectorized)
    {
        float[] x = TestData.Uniform(67, -6f, 6f, seed: 3), dy = TestData.Uniform(67, -1f, 1f, seed: 4);
        float[] y = new float[67], scalar = new float[67];
        foreach ((string name, Action<bool, float[]> run, Func<int, float> reference) in Cases(x, dy))
        {
            run(vectorized, y);
            run(false, scalar);
            for (int i = 0; i < x.Length; i++)
            {
                y[i].Should().BeApproximately(scalar[i], 4e-7f * Math.Max(1f, Math.Abs(scalar[i])), $"{name} at {i}");
                ((double)y[i]).Should().BeApproximately(reference(i), 2e-6 * Math.Max(1.0, Math.Abs(reference(i))), $"{name} at {i} against the double formula");
            }
        }
    }

    private static IEnumerable<(string, Action<bool, float[]>, Func<int, float>)> Cases(float[] x, float[] dy)
    {
        static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
        yield return ("LeakyReLU", (v, d) => ElementWise.Map(new ActivationKernels.LeakyReluOperator(0.3f), x, d, v), i => x[i] > 0 ? x[i] : 0.3f * x[i]);
        yield return ("LeakyReLU′", (v, d) => ElementWise.Map(new ActivationKernels.LeakyReluBackwardOperator(0.3f), x, dy, d, v), i => x[i] > 0 ? dy[i] : 0.3f * dy[i]);
        yield return ("ELU", (v, d) => ElementWise.Map(new ActivationKernels.EluOperator(1.5f), x, d, v), i => (float)(x[i] > 0 ? x[i] : 1.5 * (Math.Exp(x[i]) - 1)));
        yield return ("ELU′", (v, d) => ElementWise.Map(new ActivationKernels.EluBackwardOperator(1.5f), x, dy, d, v), i => (float)(x[i] > 0 ? dy[i] : dy[i] * 1.5 * Math.Exp(x[i])));
        yield return ("SiLU", (v, d) => ElementWise.Map<ActivationKernels.SiluOperator>(x, d, v), i => (float)(x[i] * Sigmoid(x[i])));
        yield return ("SiLU′", (v, d) => ElementWise.Map<ActivationKernels.SiluBackwardOperator>(x, dy, d, v),
            i => (float)(dy[i] * Sigmoid(x[i]) * (1 + (x[i] * (1 - Sigmoid(x[i]))))));
        yield return ("Softplus′", (v, d) => ElementWise.Map(new ActivationKernels.SoftplusBackwardOperator(1.5f, 4f), x, dy, d, v),
            i => (float)(1.5f * x[i] > 4f ? dy[i] : dy[i] * Sigmoid(1.5f * x[i])));
        yield return ("GELU", (v, d) => ElementWise.Map<ActivationKernels.GeluOperator>(x, d, v), i => (float)(x[i] * ActivationKernels.NormalCdf(x[i])));
        yield return ("Softplus", (v, d) => ElementWise.Map(new ActivationKernels.SoftplusOperator(1.5f, 4f), x, d, v),
            i => 1.5f * x[i] > 4f ? x[i] : (float)(Math.Log(1 + Math.Exp(1.5f * x[i])) / 1.5));
    }

    private static (float[] Output, float[] InputGradient) Run(Layer layer, float[] values)
    {
        var x = new Tensor(values, 1, values.Length);
        float[] y = layer.Forward(x).AsSpan().ToArray();
        float[] ones = [.. Enumerable.Repeat(1f, values.Length)];
        float[] dx = layer.Backward(new Tensor(ones, 1, values.Length)).AsSpan().ToArray();
        return (y, dx);
    }
}
