using NeuralNet.Losses;
using NeuralNet.Tensors;

using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Losses;

public sealed class MeanSquaredErrorTests
{
    private readonly MeanSquaredError _loss = new();

    [Fact]
    public void Compute_SmallBatch_IsMeanOfSquaredDifferences()
    {
        var predictions = new Tensor([1f, 2f, 3f, 4f], 2, 2);
        var targets = new Tensor([0f, 2f, 5f, 4f], 2, 2);

        // (1² + 0² + 2² + 0²) / 4
        _loss.Compute(predictions, targets).Should().Be(1.25f);
    }

    [Fact]
    public void Gradient_SmallBatch_IsTwiceDifferenceOverElementCount()
    {
        var predictions = new Tensor([1f, 2f, 3f, 4f], 2, 2);
        var targets = new Tensor([0f, 2f, 5f, 4f], 2, 2);
        var gradient = new Tensor(2, 2);

        _loss.Gradient(predictions, targets, gradient);

        gradient.AsSpan().ToArray().Should().Equal(0.5f, 0f, -1f, 0f);
    }

    [Fact]
    public void Compute_EqualPredictionsAndTargets_IsZero()
    {
        var values = new Tensor([0.5f, -3f, 7f], 1, 3);

        _loss.Compute(values, values.Clone()).Should().Be(0f);
    }

    [Fact]
    public void Gradient_MixedValues_MatchesCentralFiniteDifferences()
    {
        var predictions = new Tensor([0.25f, -1.5f, 2.125f, 0.75f, -0.375f, 1f], 2, 3);
        var targets = new Tensor([0f, -1f, 2f, 1f, 0.5f, -1f], 2, 3);
        var gradient = new Tensor(2, 3);

        _loss.Gradient(predictions, targets, gradient);
        double[] numeric = FiniteDifference.Gradient(predictions.AsSpan(), () => _loss.Compute(predictions, targets), step: 1f / 1024);

        Approx.AssertClose(gradient.AsSpan(), numeric, 1e-4, 1e-3, "MSE gradient vs finite differences");
    }

    [Fact]
    public void Compute_HugeValues_IsFinite()
    {
        var predictions = new Tensor([1e4f, -1e4f, 1e4f], 1, 3);
        var targets = new Tensor([-1e4f, 1e4f, 0f], 1, 3);
        var gradient = new Tensor(1, 3);

        float loss = _loss.Compute(predictions, targets);
        _loss.Gradient(predictions, targets, gradient);

        loss.Should().BeApproximately(3e8f, 1f);
        Approx.AssertAllFinite(gradient.AsSpan(), "gradient");
    }

    [Fact]
    public void Compute_ShapeMismatch_ThrowsArgumentExceptionNamingShapes()
    {
        var predictions = new Tensor(2, 3);
        var targets = new Tensor(3, 2);

        Action act = () => _loss.Compute(predictions, targets);

        ArgumentException e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("targets");
        e.Message.Should().Contain("[3, 2]").And.Contain("[2, 3]");
    }

    [Fact]
    public void Gradient_GradientShapeMismatch_ThrowsArgumentExceptionNamingShapes()
    {
        var predictions = new Tensor(2, 3);

        Action act = () => _loss.Gradient(predictions, new Tensor(2, 3), new Tensor(6));

        ArgumentException e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("gradient");
        e.Message.Should().Contain("[6]").And.Contain("[2, 3]");
    }
}
