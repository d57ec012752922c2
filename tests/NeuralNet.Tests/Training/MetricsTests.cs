using NeuralNet.Tensors;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>How a decision is counted: the 0.5 threshold's boundary and the arg-max's ties.</summary>
public sealed class MetricsTests
{
    [Theory]
    [InlineData(0.5f, 1f, 1)]
    [InlineData(0.5f, 0f, 0)]
    [InlineData(0.49999997f, 0f, 1)]
    [InlineData(0.9f, 0.5f, 1)]
    public void Count_Threshold_HalfCountsAsYesForPredictionsAndTargets(float prediction, float target, int correct)
    {
        (long c, long total) = Metrics.Count(new Tensor([prediction], 1, 1), new Tensor([target], 1, 1), oneOfMany: false);

        (c, total).Should().Be((correct, 1));
    }

    [Theory]
    [InlineData(new float[] { 5f }, 0)]
    [InlineData(new float[] { 2f, 1f }, 0)]
    [InlineData(new float[] { 1f, 3f, 3f }, 1)]
    [InlineData(new float[] { 1f, 2f, 3f }, 2)]
    [InlineData(new float[] { -1f, -3f, -0.5f, -2f }, 2)]
    public void ArgMax_Values_IsTheFirstLargest(float[] values, int expected)
    {
        Metrics.ArgMax(values).Should().Be(expected);
    }

    [Fact]
    public void Count_OneOfMany_ComparesTheArgMaxOfEachRow()
    {
        var predictions = new Tensor([0.1f, 0.7f, 0.2f, 0.6f, 0.3f, 0.1f], 2, 3);
        var targets = new Tensor([0f, 1f, 0f, 0f, 0f, 1f], 2, 3);

        Metrics.Count(predictions, targets, oneOfMany: true).Should().Be((1L, 2L));
    }
}
