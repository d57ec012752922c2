using NeuralNet.Losses;
using NeuralNet.Tensors;

using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Losses;

public sealed class BinaryCrossEntropyTests
{
    private readonly BinaryCrossEntropy _loss = new();

    [Fact]
    public void Compute_SmallBatch_IsMeanNegativeLogLikelihood()
    {
        var predictions = new Tensor([0.5f, 0.8f], 1, 2);
        var targets = new Tensor([1f, 0f], 1, 2);

        // −(log 0.5 + log 0.2) / 2
        _loss.Compute(predictions, targets).Should().BeApproximately((float)(-(Math.Log(0.5) + Math.Log(0.2)) / 2), 1e-6f);
    }

    [Fact]
    public void Gradient_SmallBatch_IsDifferenceOverVarianceOverCount()
    {
        var predictions = new Tensor([0.5f, 0.8f], 1, 2);
        var targets = new Tensor([1f, 0f], 1, 2);
        var gradient = new Tensor(1, 2);

        _loss.Gradient(predictions, targets, gradient);

        // (0.5 − 1)/(0.5·0.5)/2 = −1;  (0.8 − 0)/(0.8·0.2)/2 = 2.5
        Approx.AssertClose(gradient.AsSpan(), [-1.0, 2.5], 1e-6, 1e-6, "gradient");
    }

    [Fact]
    public void ComputeFromLogits_SmallBatch_EqualsLossOfSigmoid()
    {
        // σ(0) = 0.5, σ(ln 4) = 0.8: the same loss as the probabilities above.
        var logits = new Tensor([0f, MathF.Log(4f)], 1, 2);
        var targets = new Tensor([1f, 0f], 1, 2);
        var gradient = new Tensor(1, 2);

        float loss = _loss.ComputeFromLogits(logits, targets);
        _loss.GradientFromLogits(logits, targets, gradient);

        loss.Should().BeApproximately((float)(-(Math.Log(0.5) + Math.Log(0.2)) / 2), 1e-6f);
        Approx.AssertClose(gradient.AsSpan(), [(0.5 - 1) / 2, 0.8 / 2], 1e-6, 1e-6, "(σ(z) − t)/N");
    }

    [Fact]
    public void Gradient_ModerateProbabilities_MatchesCentralFiniteDifferences()
    {
        var predictions = new Tensor([0.1875f, 0.5f, 0.8125f, 0.625f, 0.25f, 0.9375f], 2, 3);
        var targets = new Tensor([0f, 1f, 1f, 0f, 0.25f, 1f], 2, 3);
        var gradient = new Tensor(2, 3);

        _loss.Gradient(predictions, targets, gradient);
        double[] numeric = FiniteDifference.Gradient(predictions.AsSpan(), () => _loss.Compute(predictions, targets), step: 1f / 1024);

        Approx.AssertClose(gradient.AsSpan(), numeric, 1e-4, 1e-3, "BCE gradient vs finite differences");
    }

    [Fact]
    public void GradientFromLogits_ModerateLogits_MatchesCentralFiniteDifferences()
    {
        var logits = new Tensor([-2.5f, 0.125f, 1.75f, 3f, -0.5f, 0f], 2, 3);
        var targets = new Tensor([0f, 1f, 1f, 0f, 0.25f, 1f], 2, 3);
        var gradient = new Tensor(2, 3);

        _loss.GradientFromLogits(logits, targets, gradient);
        double[] numeric = FiniteDifference.Gradient(logits.AsSpan(), () => _loss.ComputeFromLogits(logits, targets), step: 1f / 1024);

        Approx.AssertClose(gradient.AsSpan(), numeric, 1e-4, 1e-3, "fused BCE gradient vs finite differences");
    }

    [Fact]
    public void ComputeFromLogits_LogitsPlusMinus1e4_IsFiniteAndExact()
    {
        var logits = new Tensor([1e4f, -1e4f, 1e4f, -1e4f], 1, 4);
        var targets = new Tensor([1f, 0f, 0f, 1f], 1, 4);
        var gradient = new Tensor(1, 4);

        float loss = _loss.ComputeFromLogits(logits, targets);
        _loss.GradientFromLogits(logits, targets, gradient);

        // Two right with certainty (0), two wrong by 1e4 each: (0 + 0 + 1e4 + 1e4) / 4.
        loss.Should().Be(5000f);
        Approx.AssertAllFinite(gradient.AsSpan(), "gradient");
        gradient.AsSpan().ToArray().Should().Equal(0f, 0f, 0.25f, -0.25f);
    }

    [Fact]
    public void Compute_ProbabilitiesExactlyZeroOrOne_IsFiniteWithLogClampedAtMinus100()
    {
        var predictions = new Tensor([0f, 1f, 0f, 1f], 2, 2);
        var targets = new Tensor([0f, 1f, 1f, 0f], 2, 2);
        var gradient = new Tensor(2, 2);

        float loss = _loss.Compute(predictions, targets);
        _loss.Gradient(predictions, targets, gradient);

        // As F.binary_cross_entropy: each log is clamped at −100, so (0 + 0 + 100 + 100) / 4.
        loss.Should().Be(50f);
        Approx.AssertAllFinite(gradient.AsSpan(), "gradient");
        gradient[2].Should().BeNegative();
        gradient[3].Should().BePositive();
    }

    [Fact]
    public void ComputeFromLogits_ModerateLogits_EqualsUnfusedLossOfSigmoid()
    {
        float[] z = [-3f, -1.2f, -0.3f, 0f, 0.7f, 2.4f];
        var logits = new Tensor(z, 2, 3);
        var targets = new Tensor([0f, 1f, 0f, 1f, 0.5f, 1f], 2, 3);
        double[] p = [.. z.Select(v => 1 / (1 + Math.Exp(-v)))];
        var probabilities = new Tensor([.. p.Select(v => (float)v)], 2, 3);
        var fusedGradient = new Tensor(2, 3);
        var gradient = new Tensor(2, 3);

        float fused = _loss.ComputeFromLogits(logits, targets);
        float unfused = _loss.Compute(probabilities, targets);
        _loss.GradientFromLogits(logits, targets, fusedGradient);
        _loss.Gradient(probabilities, targets, gradient);

        fused.Should().BeApproximately(unfused, 1e-5f);
        // Chain rule through the sigmoid: ∂L/∂z = ∂L/∂p · p(1 − p).
        double[] chained = [.. p.Select((v, i) => gradient[i] * v * (1 - v))];
        Approx.AssertClose(fusedGradient.AsSpan(), chained, 1e-6, 1e-4, "fused vs chained gradient");
    }

    [Fact]
    public void Compute_ShapeMismatch_ThrowsArgumentExceptionNamingShapes()
    {
        Action act = () => _loss.Compute(new Tensor(2, 3), new Tensor(3, 2));

        ArgumentException e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("targets");
        e.Message.Should().Contain("[3, 2]").And.Contain("[2, 3]");
    }

    [Fact]
    public void FusedForms_ShapeMismatch_ThrowArgumentExceptionNamingShapes()
    {
        var logits = new Tensor(4, 1);

        Action compute = () => _loss.ComputeFromLogits(logits, new Tensor(1, 4));
        Action gradient = () => _loss.GradientFromLogits(logits, new Tensor(4, 1), new Tensor(4, 2));

        compute.Should().Throw<ArgumentException>().Which.Message.Should().Contain("[1, 4]").And.Contain("[4, 1]");
        ArgumentException e = gradient.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("gradient");
        e.Message.Should().Contain("[4, 2]").And.Contain("[4, 1]");
    }
}
