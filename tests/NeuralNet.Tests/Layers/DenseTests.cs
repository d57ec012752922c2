using System.Runtime.InteropServices;
using NeuralNet.Layers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

public sealed class DenseTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void Backward_AnyBatchSize_MatchesFiniteDifferences(int batch)
    {
        var dense = new Dense(5, 4, seed: 3);
        TestData.Uniform(4, -0.5f, 0.5f, seed: 4).CopyTo(dense.Bias.Value.AsSpan());
        Tensor x = TestData.Matrix(batch, 5, seed: 5);

        GradientCheck.AssertLayer(dense, x, seed: 6);
    }

    [Fact]
    public void Forward_KnownWeights_ComputesXTimesWPlusB()
    {
        var dense = new Dense(2, 3);
        new float[] { 1, 2, 3, 4, 5, 6 }.CopyTo(dense.Weight.Value.AsSpan());
        new float[] { 0.5f, -1, 2 }.CopyTo(dense.Bias.Value.AsSpan());
        var x = new Tensor([1f, 1f, 2f, -1f], 2, 2);

        Tensor y = dense.Forward(x);

        // [1 1]·W = [5 7 9]; [2 −1]·W = [−2 −1 0]; plus b.
        y.Shape.Should().Equal(2, 3);
        y.AsSpan().ToArray().Should().Equal(5.5f, 6f, 11f, -1.5f, -2f, 2f);
    }

    [Fact]
    public void Backward_KnownValues_GivesTextbookGradients()
    {
        var dense = new Dense(2, 3);
        new float[] { 1, 2, 3, 4, 5, 6 }.CopyTo(dense.Weight.Value.AsSpan());
        var x = new Tensor([1f, 2f], 1, 2);
        dense.Forward(x);

        Tensor dx = dense.Backward(new Tensor([1f, 0f, -1f], 1, 3));

        dense.Weight.Gradient.AsSpan().ToArray().Should().Equal([1f, 0f, -1f, 2f, 0f, -2f], "∂L/∂W = xᵀ·dy");
        dense.Bias.Gradient.AsSpan().ToArray().Should().Equal(1f, 0f, -1f);
        dx.AsSpan().ToArray().Should().Equal([-2f, -2f], "∂L/∂x = dy·Wᵀ");
    }

    [Fact]
    public void Backward_Twice_AccumulatesParameterGradients()
    {
        var dense = new Dense(3, 2, seed: 1);
        dense.Forward(TestData.Matrix(4, 3, seed: 2));
        var dy = TestData.Matrix(4, 2, seed: 3);
        dense.Backward(dy);
        float[] once = dense.Weight.Gradient.AsSpan().ToArray();
        float[] biasOnce = dense.Bias.Gradient.AsSpan().ToArray();

        dense.Backward(dy);

        // Not bit-exact for the bias: its gradient adds row by row onto the previous sum, (g + r₀) + r₁ ≠ 2g in float.
        Approx.AssertClose(dense.Weight.Gradient.AsSpan(), [.. once.Select(g => 2 * g)], 1e-6, 1e-6, "weight");
        Approx.AssertClose(dense.Bias.Gradient.AsSpan(), [.. biasOnce.Select(g => 2 * g)], 1e-6, 1e-6, "bias");
    }

    [Fact]
    public void Forward_WrongInputColumns_ThrowsNamingBothNumbers()
    {
        var dense = new Dense(64, 10);

        Action forward = () => dense.Forward(new Tensor(2, 63));

        forward.Should().Throw<ArgumentException>().WithMessage("*63*64*").WithParameterName("input");
    }

    [Fact]
    public void Forward_Vector_ThrowsArgumentException()
    {
        var dense = new Dense(4, 2);

        Action forward = () => dense.Forward(new Tensor(4));

        forward.Should().Throw<ArgumentException>().WithMessage("*matrix*[4]*");
    }

    [Fact]
    public void Backward_BeforeForward_ThrowsInvalidOperationException()
    {
        var dense = new Dense(4, 2);

        Action backward = () => dense.Backward(new Tensor(1, 2));

        backward.Should().Throw<InvalidOperationException>().WithMessage("*before Forward*");
    }

    [Theory]
    [InlineData(3, 2)] // wrong rows
    [InlineData(2, 3)] // wrong columns
    public void Backward_WrongShapedGradient_ThrowsArgumentException(int rows, int columns)
    {
        var dense = new Dense(4, 2);
        dense.Forward(new Tensor(2, 4));

        Action backward = () => dense.Backward(new Tensor(rows, columns));

        backward.Should().Throw<ArgumentException>().WithParameterName("outputGradient");
    }

    [Fact]
    public void Backward_VectorGradient_ThrowsArgumentException()
    {
        var dense = new Dense(4, 2);
        dense.Forward(new Tensor(1, 4));

        Action backward = () => dense.Backward(new Tensor(2));

        backward.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 0)]
    [InlineData(-1, 3)]
    public void Constructor_NonPositiveSize_ThrowsArgumentOutOfRangeException(int inputs, int outputs)
    {
        Action create = () => _ = new Dense(inputs, outputs);

        create.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Constructor_UndefinedInitialization_ThrowsArgumentOutOfRangeException()
    {
        Action create = () => _ = new Dense(3, 3, (WeightInitialization)42);

        create.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("initialization");
    }

    [Theory]
    [InlineData(WeightInitialization.Glorot)]
    [InlineData(WeightInitialization.He)]
    public void Constructor_SameSeed_GivesBitIdenticalWeightsAndZeroBiases(WeightInitialization initialization)
    {
        var first = new Dense(30, 20, initialization, seed: 7);
        var second = new Dense(30, 20, initialization, seed: 7);
        var other = new Dense(30, 20, initialization, seed: 8);

        Bits(first.Weight.Value).Should().Equal(Bits(second.Weight.Value));
        Bits(first.Weight.Value).Should().NotEqual(Bits(other.Weight.Value));
        first.Bias.Value.AsSpan().ToArray().Should().AllBeEquivalentTo(0f);
    }

    [Fact]
    public void Initialize_SameSeedAgain_RestoresTheConstructedWeightsAndClearsBiases()
    {
        var dense = new Dense(6, 5, seed: 11);
        int[] initial = Bits(dense.Weight.Value);
        dense.Weight.Value.AsSpan().Fill(3f);
        dense.Bias.Value.AsSpan().Fill(3f);

        dense.Initialize(11);

        Bits(dense.Weight.Value).Should().Equal(initial);
        dense.Bias.Value.AsSpan().ToArray().Should().AllBeEquivalentTo(0f);
    }

    [Fact]
    public void Constructor_SameSeedDifferentShapes_GivesDifferentWeights()
    {
        var wide = new Dense(4, 6, seed: 1);
        var tall = new Dense(6, 4, seed: 1);

        Bits(wide.Weight.Value).Should().NotEqual(Bits(tall.Weight.Value));
    }

    [Fact]
    public void Constructor_Glorot_DrawsUniformlyWithinTheLimit()
    {
        const int inputs = 300, outputs = 200;
        var dense = new Dense(inputs, outputs, WeightInitialization.Glorot, seed: 1);
        double limit = Math.Sqrt(6.0 / (inputs + outputs));

        float[] w = dense.Weight.Value.AsSpan().ToArray();

        w.Should().AllSatisfy(v => Math.Abs(v).Should().BeLessThanOrEqualTo((float)limit));
        // U(−a, a) has variance a²/3; 60 000 draws estimate it to within about 1 %.
        Variance(w).Should().BeApproximately(limit * limit / 3, 0.05 * limit * limit / 3);
        w.Average().Should().BeApproximately(0f, 0.01f);
        w.Max().Should().BeGreaterThan((float)(0.99 * limit), "the draw fills the whole interval");
        w.Min().Should().BeLessThan((float)(-0.99 * limit));
    }

    [Fact]
    public void Constructor_He_DrawsWithVarianceTwoOverInputs()
    {
        const int inputs = 500, outputs = 400;
        var dense = new Dense(inputs, outputs, WeightInitialization.He, seed: 1);

        float[] w = dense.Weight.Value.AsSpan().ToArray();

        // N(0, 2/inputs); 200 000 draws estimate the variance to within about 0.3 %.
        Variance(w).Should().BeApproximately(2.0 / inputs, 0.05 * 2.0 / inputs);
        w.Average().Should().BeApproximately(0f, 0.001f);
        Approx.AssertAllFinite(w, "He weights");
    }

    [Fact]
    public void Forward_SameBatchSizeTwice_ReturnsTheSameBuffer()
    {
        var dense = new Dense(3, 2, seed: 1);

        Tensor first = dense.Forward(TestData.Matrix(4, 3, seed: 1));
        Tensor second = dense.Forward(TestData.Matrix(4, 3, seed: 2));
        dense.Backward(TestData.Matrix(4, 2, seed: 3));

        second.Should().BeSameAs(first);
    }

    [Fact]
    public void Backward_SameBatchSizeTwice_ReturnsTheSameBuffer()
    {
        var dense = new Dense(3, 2, seed: 1);
        dense.Forward(TestData.Matrix(4, 3, seed: 1));

        Tensor first = dense.Backward(TestData.Matrix(4, 2, seed: 2));
        Tensor second = dense.Backward(TestData.Matrix(4, 2, seed: 3));

        second.Should().BeSameAs(first);
    }

    [Fact]
    public void ForwardAndBackward_SmallerBatchAfterLarger_GiveTheValuesOfAFreshLayer()
    {
        var reused = new Dense(5, 3, seed: 2);
        var fresh = new Dense(5, 3, seed: 2);
        reused.Forward(TestData.Matrix(10, 5, seed: 1));
        reused.Backward(TestData.Matrix(10, 3, seed: 2));
        ZeroGradients(reused);
        Tensor x = TestData.Matrix(3, 5, seed: 3);
        Tensor dy = TestData.Matrix(3, 3, seed: 4);

        float[] y = reused.Forward(x).AsSpan().ToArray();
        Tensor dx = reused.Backward(dy);

        y.Should().Equal(fresh.Forward(x).AsSpan().ToArray());
        dx.Shape.Should().Equal(3, 5);
        dx.AsSpan().ToArray().Should().Equal(fresh.Backward(dy).AsSpan().ToArray());
        reused.Weight.Gradient.AsSpan().ToArray().Should().Equal(fresh.Weight.Gradient.AsSpan().ToArray());
        reused.Bias.Gradient.AsSpan().ToArray().Should().Equal(fresh.Bias.Gradient.AsSpan().ToArray());
    }

    [Fact]
    public void Forward_EmptyBatch_GivesEmptyOutput()
    {
        var dense = new Dense(3, 2);

        Tensor y = dense.Forward(new Tensor(0, 3));

        y.Shape.Should().Equal(0, 2);
    }

    [Fact]
    public void Parameters_AreWeightThenBias()
    {
        var dense = new Dense(3, 2);

        dense.Parameters.Should().Equal(dense.Weight, dense.Bias);
        dense.Weight.Value.Shape.Should().Equal(3, 2);
        dense.Bias.Value.Shape.Should().Equal(2);
        dense.Name.Should().Be("Dense(3→2)");
    }

    private static void ZeroGradients(Layer layer)
    {
        foreach (Parameter parameter in layer.Parameters)
        {
            parameter.ZeroGradient();
        }
    }

    private static int[] Bits(Tensor tensor) => MemoryMarshal.Cast<float, int>(tensor.AsSpan()).ToArray();

    private static double Variance(float[] values)
    {
        double mean = values.Average(v => (double)v);
        return values.Average(v => (v - mean) * (v - mean));
    }
}

