using NeuralNet.Evaluation;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Evaluation;

/// <summary>Which labels a confusion matrix has and what it counts where.</summary>
public sealed class ConfusionMatrixTests
{
    [Fact]
    public void FromLabels_Union_IncludesLabelsOnlyPredictedAndSortsThem()
    {
        var matrix = ConfusionMatrix.FromLabels([5, -1, 5, 3], [5, 5, 7, 3]);

        matrix.Labels.Should().Equal(-1, 3, 5, 7);
        matrix.ToArray().Should().BeEquivalentTo(new long[,]
        {
            { 0, 0, 1, 0 },
            { 0, 1, 0, 0 },
            { 0, 0, 1, 1 },
            { 0, 0, 0, 0 },
        });
        matrix.Total.Should().Be(4);
        matrix.Support(2).Should().Be(2);
        matrix.PredictedCount(2).Should().Be(2);
        matrix.TruePositives(2).Should().Be(1);
    }

    [Fact]
    public void FromLabels_ClassCount_KeepsClassesThatNeverOccur()
    {
        var matrix = ConfusionMatrix.FromLabels([0, 2], [2, 2], classCount: 4);

        matrix.Labels.Should().Equal(0, 1, 2, 3);
        matrix[0, 2].Should().Be(1);
        matrix[2, 2].Should().Be(1);
        matrix.Support(3).Should().Be(0);
    }

    [Theory]
    [InlineData(new[] { 0, 3 }, new[] { 0, 1 }, "yTrue")]
    [InlineData(new[] { 0, 1 }, new[] { -1, 1 }, "yPred")]
    public void FromLabels_LabelOutOfRange_ThrowsNamingIt(int[] yTrue, int[] yPred, string parameter)
    {
        Action act = () => ConfusionMatrix.FromLabels(yTrue, yPred, classCount: 3);

        act.Should().Throw<ArgumentException>().WithParameterName(parameter).WithMessage("*0 … 2*");
    }

    [Fact]
    public void FromLabels_LengthMismatch_ThrowsNamingPredictions()
    {
        Action act = () => ConfusionMatrix.FromLabels([0, 1, 1], [0, 1]);

        act.Should().Throw<ArgumentException>().WithParameterName("yPred");
    }

    [Fact]
    public void Indexer_OutsideMatrix_Throws()
    {
        var matrix = ConfusionMatrix.FromLabels([0, 1], [1, 0]);

        Action act = () => _ = matrix[2, 0];

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("trueIndex");
    }

    [Fact]
    public void FromTensors_ArgMaxTies_TakeTheFirstClass()
    {
        var targets = Tensor.FromArray(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } });
        var predictions = Tensor.FromArray(new float[,] { { 0.4f, 0.4f, 0.2f }, { 0.1f, 0.45f, 0.45f } });

        var matrix = ConfusionMatrix.FromTensors(targets, predictions);

        matrix[1, 0].Should().Be(1);
        matrix[2, 1].Should().Be(1);
    }

    [Fact]
    public void FromTensors_Vector_IsBinaryWithTwoClasses()
    {
        var matrix = ConfusionMatrix.FromTensors(new Tensor([1f, 0f, 1f], 3), new Tensor([0.8f, 0.6f, 0.1f], 3));

        matrix.Labels.Should().Equal(0, 1);
        matrix.ToArray().Should().BeEquivalentTo(new long[,] { { 0, 1 }, { 1, 1 } });
    }

    [Fact]
    public void FromTensors_NaNTarget_ThrowsNamingTargets()
    {
        Action act = () => ConfusionMatrix.FromTensors(new Tensor([float.NaN, 1f], 2), new Tensor([0.5f, 0.5f], 2));

        act.Should().Throw<ArgumentException>().WithParameterName("targets");
    }
}
