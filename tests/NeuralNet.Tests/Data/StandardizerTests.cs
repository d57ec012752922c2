using NeuralNet.Data;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Data;

public sealed class StandardizerTests
{
    private static (double Mean, double Std) ColumnStats(Tensor m, int column)
    {
        double sum = 0, squares = 0;
        for (int r = 0; r < m.Rows; r++)
        {
            sum += m[r, column];
        }

        double mean = sum / m.Rows;
        for (int r = 0; r < m.Rows; r++)
        {
            squares += (m[r, column] - mean) * (m[r, column] - mean);
        }

        return (mean, Math.Sqrt(squares / m.Rows));
    }

    [Fact]
    public void Fit_TrainingSplit_TransformedColumnsHaveMeanZeroAndStdOne()
    {
        var (train, _) = Datasets.Wine().Split(0.8, seed: 1);

        Tensor z = Standardizer.Fit(train.Features).Transform(train.Features);

        for (int c = 0; c < z.Columns; c++)
        {
            var (mean, std) = ColumnStats(z, c);
            mean.Should().BeApproximately(0, 1e-5, "column {0}", c);
            std.Should().BeApproximately(1, 1e-5, "column {0}", c);
        }
    }

    [Fact]
    public void Fit_KnownColumn_GivesMeanAndPopulationStd()
    {
        var x = new Tensor([1f, 2f, 3f, 4f], 4, 1);

        var scaler = Standardizer.Fit(x);

        scaler.FeatureCount.Should().Be(1);
        scaler.Means.Should().Equal(2.5f);
        scaler.StandardDeviations[0].Should().BeApproximately(MathF.Sqrt(1.25f), 1e-7f, "population std divides by n");
    }

    [Fact]
    public void Fit_LargeOffset_KeepsFullAccuracy()
    {
        var x = new Tensor([1_000_000f, 1_000_001f, 1_000_002f], 3, 1);

        var scaler = Standardizer.Fit(x);

        scaler.Means[0].Should().Be(1_000_001f);
        scaler.StandardDeviations[0].Should().BeApproximately(MathF.Sqrt(2f / 3f), 1e-6f);
        scaler.Transform(x).AsSpan().ToArray().Should().Equal(
            (float)(-1 / Math.Sqrt(2.0 / 3)), 0f, (float)(1 / Math.Sqrt(2.0 / 3)));
    }

    [Fact]
    public void Fit_ConstantColumn_GetsStdOneAndMapsToZero()
    {
        var x = new Tensor([7f, 1f, 7f, 2f, 7f, 3f], 3, 2);

        var scaler = Standardizer.Fit(x);
        Tensor z = scaler.Transform(x);

        scaler.StandardDeviations[0].Should().Be(1f);
        scaler.Means[0].Should().Be(7f);
        z[0, 0].Should().Be(0f);
        z[1, 0].Should().Be(0f);
        z[2, 0].Should().Be(0f);
        float[] column1 = [z[0, 1], z[1, 1], z[2, 1]];
        Approx.AssertAllFinite(column1, "column 1");
    }

    [Fact]
    public void Transform_OtherSplit_UsesFittedStatistics()
    {
        var train = new Tensor([0f, 10f, 2f, 30f], 2, 2);
        var test = new Tensor([4f, 40f], 1, 2);

        Tensor z = Standardizer.Fit(train).Transform(test);

        // Column 0: mean 1, std 1; column 1: mean 20, std 10.
        z.AsSpan().ToArray().Should().Equal(3f, 2f);
    }

    [Fact]
    public void Transform_Dataset_StandardisesFeaturesCopiesTargetsAndLeavesInputUnchanged()
    {
        Dataset iris = Datasets.Iris();
        float before = iris.Features[0, 0];
        var scaler = Standardizer.Fit(iris.Features);

        Dataset scaled = scaler.Transform(iris);

        scaled.Count.Should().Be(iris.Count);
        scaled.Targets.AsSpan().ToArray().Should().Equal(iris.Targets.AsSpan().ToArray());
        scaled.Targets.Should().NotBeSameAs(iris.Targets);
        scaled.Features[0, 0].Should().BeApproximately((float)((before - scaler.Means[0]) / scaler.StandardDeviations[0]), 1e-5f);
        iris.Features[0, 0].Should().Be(before);
    }

    [Fact]
    public void Transform_ColumnCountMismatch_ThrowsNamingBothCounts()
    {
        var scaler = Standardizer.Fit(new Tensor(4, 3));

        Action act = () => scaler.Transform(new Tensor(4, 5));

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("features")
            .WithMessage("*5 columns*fitted on 3*");
    }

    [Fact]
    public void Transform_DatasetFeatureCountMismatch_ThrowsNamingBothCounts()
    {
        var scaler = Standardizer.Fit(new Tensor(4, 3));

        Action act = () => scaler.Transform(Datasets.Iris());

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("dataset")
            .WithMessage("*4 features*fitted on 3*");
    }

    [Fact]
    public void Fit_NoRows_Throws()
    {
        Action act = () => Standardizer.Fit(new Tensor(0, 3));

        act.Should().ThrowExactly<ArgumentException>().WithMessage("*0 rows*");
    }

    [Fact]
    public void Fit_Vector_Throws()
    {
        Action act = () => Standardizer.Fit(new Tensor(5));

        act.Should().ThrowExactly<ArgumentException>().WithMessage("*matrix*[5]*");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void FitAndTransform_NonFiniteValue_ThrowsNamingPosition(float bad)
    {
        var x = new Tensor([1f, 2f, 3f, bad], 2, 2);
        var scaler = Standardizer.Fit(new Tensor([1f, 2f, 3f, 4f], 2, 2));

        Action fit = () => Standardizer.Fit(x);
        Action transform = () => scaler.Transform(x);

        fit.Should().ThrowExactly<ArgumentException>().WithMessage("*row 1, column 1*finite*");
        transform.Should().ThrowExactly<ArgumentException>().WithMessage("*row 1, column 1*finite*");
    }

    [Fact]
    public void Transform_ResultOverflowsFloat_Throws()
    {
        var scaler = Standardizer.Fit(new Tensor([0f, 1e-30f], 2, 1));

        Action act = () => scaler.Transform(new Tensor([3e38f], 1, 1));

        act.Should().ThrowExactly<ArgumentException>().WithMessage("*features[0, 0]*finite*");
    }

    [Fact]
    public void Fit_Null_Throws()
    {
        Action act = () => Standardizer.Fit(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("features");
    }

    [Fact]
    public void Transform_NullArguments_ThrowArgumentNullException()
    {
        var scaler = Standardizer.Fit(new Tensor([1f, 2f], 2, 1));

        Action tensor = () => scaler.Transform((Tensor)null!);
        Action dataset = () => scaler.Transform((Dataset)null!);

        tensor.Should().ThrowExactly<ArgumentNullException>().WithParameterName("features");
        dataset.Should().ThrowExactly<ArgumentNullException>().WithParameterName("dataset");
    }

    [Fact]
    public void Transform_Vector_ThrowsNamingTheShape()
    {
        var scaler = Standardizer.Fit(new Tensor([1f, 2f], 2, 1));

        Action act = () => scaler.Transform(new Tensor(1));

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("features").WithMessage("*matrix*[1]*");
    }
}
