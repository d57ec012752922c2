using NeuralNet.Data;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Data;

public sealed class DatasetTests
{
    /// <summary>A dataset of <paramref name="count"/> samples whose feature and target are the sample's index.</summary>
    private static Dataset Indexed(int count)
    {
        var features = new Tensor(count, 1);
        var targets = new Tensor(count, 1);
        for (int i = 0; i < count; i++)
        {
            features[i, 0] = i;
            targets[i, 0] = i;
        }

        return new Dataset(features, targets);
    }

    private static int[] Ids(Dataset dataset) =>
        [.. dataset.Features.AsSpan().ToArray().Select(v => (int)v)];

    [Fact]
    public void Constructor_Valid_ExposesCounts()
    {
        var dataset = new Dataset(new Tensor(5, 3), new Tensor(5, 2));

        dataset.Count.Should().Be(5);
        dataset.FeatureCount.Should().Be(3);
        dataset.TargetCount.Should().Be(2);
    }

    [Fact]
    public void Constructor_MismatchedRows_ThrowsNamingBothCounts()
    {
        Action act = () => _ = new Dataset(new Tensor(3, 2), new Tensor(2, 1));

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("targets")
            .WithMessage("*features has 3 rows*targets has 2*");
    }

    [Fact]
    public void Constructor_NoSamples_Throws()
    {
        Action act = () => _ = new Dataset(new Tensor(0, 2), new Tensor(0, 1));

        act.Should().ThrowExactly<ArgumentException>().WithMessage("*at least one sample*0 rows*");
    }

    [Fact]
    public void Constructor_VectorInsteadOfMatrix_Throws()
    {
        Action features = () => _ = new Dataset(new Tensor(4), new Tensor(4, 1));
        Action targets = () => _ = new Dataset(new Tensor(4, 1), new Tensor(4));

        features.Should().ThrowExactly<ArgumentException>().WithParameterName("features").WithMessage("*matrix*[4]*");
        targets.Should().ThrowExactly<ArgumentException>().WithParameterName("targets").WithMessage("*matrix*[4]*");
    }

    [Fact]
    public void Constructor_Null_Throws()
    {
        Action act = () => _ = new Dataset(null!, new Tensor(1, 1));

        act.Should().Throw<ArgumentNullException>().WithParameterName("features");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Constructor_NonFiniteFeature_ThrowsNamingPosition(float bad)
    {
        var features = new Tensor([1f, 2f, 3f, 4f, bad, 6f], 3, 2);

        Action act = () => _ = new Dataset(features, new Tensor(3, 1));

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("features")
            .WithMessage("*features holds*row 2, column 0*finite*");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Constructor_NonFiniteTarget_ThrowsNamingPosition(float bad)
    {
        var targets = new Tensor([0f, bad], 2, 1);

        Action act = () => _ = new Dataset(new Tensor(2, 3), targets);

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("targets")
            .WithMessage("*targets holds*row 1, column 0*finite*");
    }

    [Fact]
    public void FromLabels_ValidLabels_BuildsOneHotTargets()
    {
        Dataset dataset = Dataset.FromLabels(new Tensor(3, 2), [2, 0, 1], classCount: 3);

        dataset.Targets.AsSpan().ToArray().Should().Equal(
            0f, 0f, 1f,
            1f, 0f, 0f,
            0f, 1f, 0f);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    public void FromLabels_LabelOutOfRange_ThrowsNamingLabelAndRange(int label)
    {
        Action act = () => Dataset.FromLabels(new Tensor(3, 2), [0, label, 1], classCount: 3);

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("labels")
            .WithMessage($"*labels[1] is {label}*[0, 2]*");
    }

    [Fact]
    public void FromLabels_CountMismatch_ThrowsNamingBothCounts()
    {
        Action act = () => Dataset.FromLabels(new Tensor(3, 2), [0, 1], classCount: 2);

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("labels")
            .WithMessage("*2 entries*3 rows*");
    }

    [Fact]
    public void FromLabels_FewerThanTwoClasses_Throws()
    {
        Action act = () => Dataset.FromLabels(new Tensor(2, 2), [0, 0], classCount: 1);

        act.Should().ThrowExactly<ArgumentOutOfRangeException>().WithParameterName("classCount");
    }

    [Fact]
    public void Split_SameSeed_GivesSameSplit()
    {
        Dataset data = Indexed(50);

        var (trainA, testA) = data.Split(0.7, seed: 42);
        var (trainB, testB) = data.Split(0.7, seed: 42);

        Ids(trainA).Should().Equal(Ids(trainB));
        Ids(testA).Should().Equal(Ids(testB));
    }

    [Fact]
    public void Split_DifferentSeeds_GiveDifferentSplits()
    {
        Dataset data = Indexed(50);

        Ids(data.Split(0.7, seed: 1).Train).Should().NotEqual(Ids(data.Split(0.7, seed: 2).Train));
    }

    [Theory]
    [InlineData(100, 0.8, 80)]
    [InlineData(10, 0.5, 5)]
    [InlineData(3, 0.5, 2)]
    [InlineData(1797, 0.8, 1438)]
    public void Split_Fraction_GivesRoundedSizesAndPartitionsSamples(int count, double fraction, int expectedTrain)
    {
        Dataset data = Indexed(count);

        var (train, test) = data.Split(fraction, seed: 7);

        train.Count.Should().Be(expectedTrain);
        test.Count.Should().Be(count - expectedTrain);
        Ids(train).Concat(Ids(test)).Order().Should().Equal(Enumerable.Range(0, count), "each sample lands in exactly one part");
        train.Targets.AsSpan().ToArray().Should().Equal(train.Features.AsSpan().ToArray(), "rows keep their targets");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Split_FractionNotStrictlyBetweenZeroAndOne_Throws(double fraction)
    {
        Action act = () => Indexed(10).Split(fraction, seed: 1);

        act.Should().ThrowExactly<ArgumentOutOfRangeException>().WithParameterName("trainFraction")
            .WithMessage("*strictly between 0 and 1*");
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.9)]
    public void Split_FractionLeavingAPartEmpty_Throws(double fraction)
    {
        Action act = () => Indexed(3).Split(fraction, seed: 1);

        act.Should().ThrowExactly<ArgumentOutOfRangeException>().WithParameterName("trainFraction")
            .WithMessage("*3 samples*leaves one part empty*");
    }

    [Fact]
    public void Subset_Indices_CopiesRowsInOrder()
    {
        Dataset data = Indexed(5);

        Dataset subset = data.Subset([4, 0, 4]);
        subset.Features[0, 0] = -1f;

        Ids(subset).Should().Equal(-1, 0, 4);
        subset.Targets.AsSpan().ToArray().Should().Equal(4f, 0f, 4f);
        data.Features[4, 0].Should().Be(4f, "a subset copies rows");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void Subset_IndexOutsideDataset_ThrowsNamingIt(int bad)
    {
        Action act = () => Indexed(5).Subset([0, bad]);

        act.Should().ThrowExactly<ArgumentOutOfRangeException>().WithParameterName("indices")
            .WithMessage("*indices[1] is outside the dataset of 5 samples*");
    }

    [Fact]
    public void Subset_NoIndices_Throws()
    {
        Action act = () => Indexed(5).Subset([]);

        act.Should().Throw<ArgumentException>().WithMessage("*at least one sample*");
    }

    [Fact]
    public void Constructor_NullTargets_ThrowsNamingTargets()
    {
        Action act = () => _ = new Dataset(new Tensor(1, 1), null!);

        act.Should().ThrowExactly<ArgumentNullException>().WithParameterName("targets");
    }

    [Fact]
    public void FromLabels_NullFeatures_ThrowsNamingFeatures()
    {
        Action act = () => Dataset.FromLabels(null!, [0, 1], 2);

        act.Should().ThrowExactly<ArgumentNullException>().WithParameterName("features");
    }
}
