using NeuralNet.Data;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Data;

public sealed class DatasetKFoldTests
{
    private static Dataset Classes(params int[] sizes)
    {
        int[] labels = [.. sizes.SelectMany((n, c) => Enumerable.Repeat(c, n))];
        return Dataset.FromLabels(new Tensor(labels.Length, 1), labels, sizes.Length);
    }

    private static int ClassOf(Dataset data, int row) => data.Targets.Row(row).IndexOf(1f);

    [Theory]
    [InlineData(10, 2, false)]
    [InlineData(23, 5, false)]
    [InlineData(23, 23, false)]
    [InlineData(23, 5, true)]
    public void KFold_EverySampleValidatesExactlyOnce(int count, int k, bool stratify)
    {
        Dataset data = Classes(count - (count / 3), count / 3);

        var folds = data.KFold(k, seed: 1, stratify);

        folds.Should().HaveCount(k);
        folds.SelectMany(f => f.Validation).Order().Should().Equal(Enumerable.Range(0, count));
        foreach (var (train, validation) in folds)
        {
            train.Concat(validation).Order().Should().Equal(Enumerable.Range(0, count));
            train.Should().BeInAscendingOrder();
            validation.Should().BeInAscendingOrder();
            validation.Length.Should().BeInRange(count / k, (count / k) + 1);
        }
    }

    [Fact]
    public void KFold_NotStratified_IsTheSeededShuffleCutIntoConsecutiveFolds()
    {
        int[] order = [.. Enumerable.Range(0, 11)];
        new Random(7).Shuffle(order);

        var folds = Classes(6, 5).KFold(3, seed: 7);

        folds[0].Validation.Should().Equal(order[..4].Order());
        folds[1].Validation.Should().Equal(order[4..8].Order());
        folds[2].Validation.Should().Equal(order[8..].Order());
    }

    [Fact]
    public void KFold_Stratified_SpreadsEachClassEvenly()
    {
        Dataset data = Classes(47, 13, 5);

        var folds = data.KFold(5, seed: 2, stratify: true);

        for (int c = 0; c < 3; c++)
        {
            int[] perFold = [.. folds.Select(f => f.Validation.Count(row => ClassOf(data, row) == c))];
            (perFold.Max() - perFold.Min()).Should().BeLessThanOrEqualTo(1, $"class {c} counts per fold are {string.Join(",", perFold)}");
        }
    }

    [Fact]
    public void KFold_SameSeedSameFolds_OtherSeedOtherFolds()
    {
        Dataset data = Classes(20, 20);

        var a = data.KFold(4, seed: 9, stratify: true);
        var b = data.KFold(4, seed: 9, stratify: true);
        var c = data.KFold(4, seed: 10, stratify: true);

        a.Select(f => f.Validation).Should().BeEquivalentTo(b.Select(f => f.Validation), o => o.WithStrictOrdering());
        a[0].Validation.Should().NotEqual(c[0].Validation);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(11)]
    public void KFold_KOutOfRange_Throws(int k)
    {
        Action act = () => Classes(6, 4).KFold(k, seed: 1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(k));
    }

    [Fact]
    public void KFold_StratifiedRegression_Throws()
    {
        var data = new Dataset(new Tensor(4, 1), new Tensor([3f, 1f, 2f, 0f], 4, 1));

        Action act = () => data.KFold(2, seed: 1, stratify: true);

        act.Should().ThrowExactly<InvalidOperationException>();
    }
}
