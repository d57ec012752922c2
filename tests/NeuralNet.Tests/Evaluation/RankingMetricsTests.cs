using NeuralNet.Evaluation;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Evaluation;

/// <summary>ROC AUC and top-k accuracy: ties, ranking-only behaviour and bad input.</summary>
public sealed class RankingMetricsTests
{
    private static readonly Tensor ThreeClassScores = Tensor.FromArray(new float[,]
    {
        { 0.1f, 0.5f, 0.4f }, // label 2: 0.5 is above it → rank 1
        { 0.3f, 0.3f, 0.4f }, // label 0: 0.4 above, class 1 ties and has the larger index → rank 2
        { 0.6f, 0.2f, 0.2f }, // label 1: 0.6 above, class 2 ties with a larger index → rank 2
    });

    private static readonly int[] ThreeClassLabels = [2, 0, 1];

    [Theory]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0.1f, 0.2f, 0.3f, 0.4f }, 1.0)]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0.4f, 0.3f, 0.2f, 0.1f }, 0.0)]
    [InlineData(new[] { 0, 1, 0, 1 }, new[] { 0.5f, 0.5f, 0.5f, 0.5f }, 0.5)]
    [InlineData(new[] { 0, 1, 0, 1 }, new[] { 0.1f, 0.4f, 0.4f, 0.8f }, 0.875)] // pairs: 1 + ½ + 1 + 1 of 4
    [InlineData(new[] { 1, 0, 0 }, new[] { 0.3f, 0.1f, 0.5f }, 0.5)]
    public void RocAuc_HandComputed_CountsPairsWithTiesAsHalf(int[] yTrue, float[] scores, double expected)
    {
        ClassificationMetrics.RocAuc(yTrue, scores).Should().Be(expected);
    }

    [Fact]
    public void RocAuc_MonotoneTransformOfScores_IsUnchanged()
    {
        int[] yTrue = [0, 1, 1, 0, 1, 0, 0];
        float[] scores = [0.2f, 0.9f, 0.4f, 0.4f, 0.1f, 0.3f, 0.7f];
        float[] logits = [.. scores.Select(p => MathF.Log(p / (1 - p)))];

        ClassificationMetrics.RocAuc(yTrue, logits).Should().Be(ClassificationMetrics.RocAuc(yTrue, scores));
    }

    [Fact]
    public void RocAuc_Tensor_MatchesSpans()
    {
        var targets = new Tensor([0f, 1f, 0f, 1f], 4, 1);
        var scores = new Tensor([0.1f, 0.4f, 0.4f, 0.8f], 4, 1);

        ClassificationMetrics.RocAuc(targets, scores).Should().Be(0.875);
    }

    [Fact]
    public void RocAuc_OneClassOnly_ThrowsNamingTrueValues()
    {
        Action act = () => ClassificationMetrics.RocAuc([1, 1], [0.2f, 0.3f]);

        act.Should().Throw<ArgumentException>().WithParameterName("yTrue").WithMessage("*only class 1*");
    }

    [Fact]
    public void RocAuc_LabelNotBinary_ThrowsNamingTrueValues()
    {
        Action act = () => ClassificationMetrics.RocAuc([0, 2], [0.2f, 0.3f]);

        act.Should().Throw<ArgumentException>().WithParameterName("yTrue").WithMessage("*yTrue[1] is 2*");
    }

    [Fact]
    public void RocAuc_TargetNotZeroOrOne_ThrowsNamingTargets()
    {
        Action act = () => ClassificationMetrics.RocAuc(new Tensor([0f, 0.5f], 2), new Tensor([0.2f, 0.3f], 2));

        act.Should().Throw<ArgumentException>().WithParameterName("targets");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void RocAuc_NonFiniteScore_ThrowsNamingScores(float bad)
    {
        Action act = () => ClassificationMetrics.RocAuc([0, 1], [0.2f, bad]);

        act.Should().Throw<ArgumentException>().WithParameterName("scores");
    }

    [Fact]
    public void RocAuc_LengthMismatch_ThrowsNamingScores()
    {
        Action act = () => ClassificationMetrics.RocAuc([0, 1, 1], [0.2f, 0.3f]);

        act.Should().Throw<ArgumentException>().WithParameterName("scores");
    }

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 1.0 / 3)]
    [InlineData(3, 1.0)]
    public void TopKAccuracy_HandComputed_BreaksTiesTowardsTheLargerClass(int k, double expected)
    {
        ClassificationMetrics.TopKAccuracy(ThreeClassLabels, ThreeClassScores, k).Should().Be(expected);
    }

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(0, 0.0)]
    public void TopKAccuracy_TieAtTopOne_CountsOnlyTheLargerIndex(int label, double expected)
    {
        ClassificationMetrics.TopKAccuracy([label], new Tensor([0.5f, 0.5f], 1, 2), k: 1).Should().Be(expected);
    }

    [Fact]
    public void TopKAccuracy_KEqualsOneWithoutTies_IsArgMaxAccuracy()
    {
        var scores = Tensor.FromArray(new float[,] { { 0.7f, 0.2f, 0.1f }, { 0.5f, 0.3f, 0.2f }, { 0.1f, 0.1f, 0.8f } });

        ClassificationMetrics.TopKAccuracy([0, 1, 2], scores, k: 1).Should().BeApproximately(2.0 / 3, 1e-15);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void TopKAccuracy_KOutOfRange_ThrowsNamingK(int k)
    {
        Action act = () => ClassificationMetrics.TopKAccuracy(ThreeClassLabels, ThreeClassScores, k);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(k));
    }

    [Fact]
    public void TopKAccuracy_LabelOutOfRange_ThrowsNamingTrueValues()
    {
        Action act = () => ClassificationMetrics.TopKAccuracy([0, 3, 1], ThreeClassScores, k: 1);

        act.Should().Throw<ArgumentException>().WithParameterName("yTrue").WithMessage("*yTrue[1] is 3*");
    }

    [Fact]
    public void TopKAccuracy_RowCountMismatch_ThrowsNamingScores()
    {
        Action act = () => ClassificationMetrics.TopKAccuracy([0, 1], ThreeClassScores, k: 1);

        act.Should().Throw<ArgumentException>().WithParameterName("scores");
    }

    [Fact]
    public void TopKAccuracy_Vector_ThrowsNamingScores()
    {
        Action act = () => ClassificationMetrics.TopKAccuracy([0, 1], new Tensor([0.2f, 0.8f], 2), k: 1);

        act.Should().Throw<ArgumentException>().WithParameterName("scores");
    }

    [Fact]
    public void TopKAccuracy_NaNScore_ThrowsNamingScores()
    {
        Action act = () => ClassificationMetrics.TopKAccuracy([0], new Tensor([float.NaN, 0.8f], 1, 2), k: 1);

        act.Should().Throw<ArgumentException>().WithParameterName("scores");
    }
}
