using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

public sealed class StandardizationTests
{
    [Fact]
    public void Forward_OnTheRowsItWasFittedOn_GivesMeanZeroAndDeviationOneColumns()
    {
        Tensor x = TestData.Matrix(50, 3, seed: 1, min: 990f, max: 1010f);
        Standardization layer = Standardization.Fit(x);

        Tensor y = layer.Forward(x);

        for (int c = 0; c < 3; c++)
        {
            double[] column = [.. Enumerable.Range(0, 50).Select(r => (double)y.Row(r)[c])];
            double mean = column.Average();
            column.Average().Should().BeApproximately(0, 1e-4);
            Math.Sqrt(column.Average(v => (v - mean) * (v - mean))).Should().BeApproximately(1, 1e-4);
        }
    }

    [Fact]
    public void Forward_AnyRows_MatchesStandardizerTransform()
    {
        Tensor train = TestData.Matrix(40, 5, seed: 2, min: -3f, max: 7f);
        Tensor other = TestData.Matrix(9, 5, seed: 3, min: -10f, max: 10f);
        Standardizer standardizer = Standardizer.Fit(train);

        float[] expected = standardizer.Transform(other).AsSpan().ToArray();
        float[] actual = Standardization.Fit(train).Forward(other).AsSpan().ToArray();

        actual.Should().Equal(expected, (a, e) => Math.Abs(a - e) <= 1e-5f * Math.Max(1, Math.Abs(e)));
    }

    [Fact]
    public void Fit_ConstantColumn_DividesByOneAndMapsItToZero()
    {
        var x = new Tensor([1f, 5f, 2f, 5f, 3f, 5f], 3, 2);

        Standardization layer = Standardization.Fit(x);

        layer.StandardDeviations[1].Should().Be(1f);
        layer.Forward(x).AsSpan().ToArray().Where((_, i) => i % 2 == 1).Should().OnlyContain(v => v == 0f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Backward_AnyBatchSize_MatchesFiniteDifferences(int batch)
    {
        // Deviations far from 1, so that a backward pass that forgot to divide by σ is caught.
        var layer = new Standardization([0.5f, -2f, 10f, 0f], [0.25f, 3f, 40f, 1f]);

        GradientCheck.AssertLayer(layer, TestData.Matrix(batch, 4, seed: batch, min: -3f, max: 3f), seed: 30 + batch);
    }

    [Fact]
    public void Parameters_AfterFit_AreEmptySoNoOptimizerMovesTheStatistics()
    {
        Standardization layer = Standardization.Fit(TestData.Matrix(10, 3, seed: 4));

        layer.Parameters.Should().BeEmpty();
        new Sequential(layer, new Dense(3, 2)).Parameters.Should().HaveCount(2);
    }

    [Fact]
    public void Backward_BeforeForward_ThrowsInvalidOperationException()
    {
        var layer = new Standardization([0f], [1f]);

        Action backward = () => layer.Backward(new Tensor(1, 1));

        backward.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Forward_WrongColumnCount_ThrowsNamingBothNumbers()
    {
        var layer = new Standardization([0f, 0f, 0f], [1f, 1f, 1f]);

        Action forward = () => layer.Forward(new Tensor(2, 4));

        forward.Should().Throw<ArgumentException>().WithMessage("*4 columns*expects 3*");
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Constructor_DeviationNotFiniteAndPositive_ThrowsArgumentException(float deviation)
    {
        Action create = () => _ = new Standardization([0f, 0f], [1f, deviation]);

        create.Should().Throw<ArgumentException>().WithParameterName("standardDeviations").WithMessage("*standardDeviations[1]*");
    }

    [Fact]
    public void Constructor_LengthsDiffer_ThrowsArgumentException()
    {
        Action create = () => _ = new Standardization([0f, 0f], [1f]);

        create.Should().Throw<ArgumentException>().WithMessage("*1 values*means has 2*");
    }

    [Fact]
    public void Constructor_CallerChangesTheirList_LayerKeepsItsCopy()
    {
        float[] means = [1f, 2f];
        var layer = new Standardization((IReadOnlyList<float>)means, [1f, 1f]);

        means[0] = 100f;

        layer.Means[0].Should().Be(1f);
    }

    [Fact]
    public void SequentialInputSize_StandardizationFirst_ComesFromIt()
    {
        var model = new Sequential(new Standardization([0f, 0f, 0f], [1f, 1f, 1f]), new Tanh(), new Dense(3, 2), new Softmax());

        model.InputSize.Should().Be(3);
        model.OutputSize.Should().Be(2);
    }

    [Fact]
    public void SequentialConstructor_StandardizationWidthDiffersFromNextDense_ThrowsNamingBoth()
    {
        Action create = () => _ = new Sequential(new Standardization([0f, 0f, 0f], [1f, 1f, 1f]), new Dense(4, 2));

        create.Should().Throw<ArgumentException>().WithMessage("*layers[1] is Dense(4→2)*Standardization(3)*outputs 3*");
    }
}
