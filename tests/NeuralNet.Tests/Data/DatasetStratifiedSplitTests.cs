using NeuralNet.Data;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Data;

public sealed class DatasetStratifiedSplitTests
{
    /// <summary>A one-hot dataset whose only feature is the sample's index; class c has sizes[c] samples, interleaved.</summary>
    private static Dataset Classes(params int[] sizes)
    {
        var labels = new List<int>();
        int[] left = [.. sizes];
        while (left.Any(n => n > 0))
        {
            for (int c = 0; c < left.Length; c++)
            {
                if (left[c]-- > 0)
                {
                    labels.Add(c);
                }
            }
        }

        var features = new Tensor(labels.Count, 1);
        for (int i = 0; i < labels.Count; i++)
        {
            features[i, 0] = i;
        }

        return Dataset.FromLabels(features, labels.ToArray(), sizes.Length);
    }

    private static int[] Ids(Dataset data) => [.. data.Features.AsSpan().ToArray().Select(v => (int)v)];

    private static int[] ClassCounts(Dataset data)
    {
        int[] counts = new int[data.TargetCount];
        for (int r = 0; r < data.Count; r++)
        {
            counts[data.Targets.Row(r).IndexOf(1f)]++;
        }

        return counts;
    }

    [Fact]
    public void Split_NotStratified_IsStillTheSeededShuffleCut()
    {
        Dataset data = Classes(30, 20);
        int[] order = [.. Enumerable.Range(0, 50)];
        new Random(42).Shuffle(order);

        var (train, test) = data.Split(0.8, seed: 42);

        Ids(train).Should().Equal(order[..40]);
        Ids(test).Should().Equal(order[40..]);
    }

    [Theory]
    [InlineData(0.8, new[] { 90, 10 }, new[] { 72, 8 })]
    [InlineData(0.8, new[] { 50, 50, 50 }, new[] { 40, 40, 40 })]
    [InlineData(0.7, new[] { 7, 3 }, new[] { 5, 2 })] // 4.9 and 2.1: the larger remainder takes the 7th
    [InlineData(0.5, new[] { 5, 5, 5 }, new[] { 3, 3, 2 })] // round(7.5) = 8 (to even); ties go to the lower class
    public void Split_Stratified_KeepsClassProportions(double fraction, int[] sizes, int[] expectedTrain)
    {
        Dataset data = Classes(sizes);

        var (train, test) = data.Split(fraction, seed: 3, stratify: true);

        ClassCounts(train).Should().Equal(expectedTrain);
        ClassCounts(test).Should().Equal(sizes.Zip(expectedTrain, (n, t) => n - t));
        Ids(train).Concat(Ids(test)).Order().Should().Equal(Enumerable.Range(0, sizes.Sum()));
    }

    [Fact]
    public void Split_Stratified_ImbalancedNeverLosesTheRareClassWhereUnstratifiedCan()
    {
        Dataset data = Classes(95, 5);

        int seedsWithoutRareInTest = Enumerable.Range(0, 50).Count(seed => ClassCounts(data.Split(0.8, seed).Test)[1] == 0);
        int stratifiedWithout = Enumerable.Range(0, 50).Count(seed => ClassCounts(data.Split(0.8, seed, stratify: true).Test)[1] == 0);

        seedsWithoutRareInTest.Should().BePositive("a plain shuffle leaves the 5 rare samples out of a 20-sample test part now and then");
        stratifiedWithout.Should().Be(0);
    }

    [Fact]
    public void Split_Stratified_IsSeededAndNotGroupedByClass()
    {
        Dataset data = Classes(40, 40);

        var a = data.Split(0.75, seed: 5, stratify: true);
        var b = data.Split(0.75, seed: 5, stratify: true);
        var c = data.Split(0.75, seed: 6, stratify: true);

        Ids(a.Train).Should().Equal(Ids(b.Train));
        Ids(a.Test).Should().Equal(Ids(b.Test));
        Ids(a.Train).Should().NotEqual(Ids(c.Train));
        int firstClass = a.Train.Targets.Row(0).IndexOf(1f);
        Enumerable.Range(0, 30).Select(r => a.Train.Targets.Row(r).IndexOf(1f)).Should().Contain(1 - firstClass, "the parts are shuffled after the per-class cut");
    }

    [Fact]
    public void Split_StratifiedSingleBinaryColumn_UsesTheZeroOneValue()
    {
        var targets = new Tensor(20, 1);
        for (int r = 0; r < 4; r++)
        {
            targets[r * 5, 0] = 1f;
        }

        var data = new Dataset(new Tensor(20, 1), targets);

        var (train, test) = data.Split(0.5, seed: 1, stratify: true);

        train.Targets.AsSpan().ToArray().Sum().Should().Be(2);
        test.Targets.AsSpan().ToArray().Sum().Should().Be(2);
    }

    [Theory]
    [InlineData(new[] { 0.5f, 0.5f })]
    [InlineData(new[] { 1f, 1f })]
    [InlineData(new[] { 0f, 0f })]
    public void Split_StratifiedWithoutClassTargets_Throws(float[] badRow)
    {
        var targets = new Tensor([1f, 0f, 0f, 1f, .. badRow], 3, 2);
        var data = new Dataset(new Tensor(3, 1), targets);

        Action act = () => data.Split(0.5, seed: 1, stratify: true);

        act.Should().ThrowExactly<InvalidOperationException>().WithMessage("*class targets*target row 2 is*");
    }

    [Fact]
    public void Split_StratifiedRegressionTarget_Throws()
    {
        var data = new Dataset(new Tensor(4, 1), new Tensor([0.5f, 1f, 2f, 0f], 4, 1));

        Action act = () => data.Split(0.5, seed: 1, stratify: true);

        act.Should().ThrowExactly<InvalidOperationException>().WithMessage("*target row 0 is [0.5]*");
    }
}
