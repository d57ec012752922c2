using NeuralNet.Losses;
using NeuralNet.Tensors;

using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Losses;

public sealed class CategoricalCrossEntropyTests
{
    private readonly CategoricalCrossEntropy _loss = new();

    [Fact]
    public void Compute_OneHotRows_IsMeanNegativeLogOfTrueClass()
    {
        var predictions = new Tensor([0.7f, 0.2f, 0.1f, 0.25f, 0.5f, 0.25f], 2, 3);
        var targets = new Tensor([1f, 0f, 0f, 0f, 1f, 0f], 2, 3);

        // −(log 0.7 + log 0.5) / 2 rows
        _loss.Compute(predictions, targets).Should().BeApproximately((float)(-(Math.Log(0.7) + Math.Log(0.5)) / 2), 1e-6f);
    }

    [Fact]
    public void Gradient_OneHotRows_IsMinusTargetOverProbabilityOverRows()
    {
        var predictions = new Tensor([0.7f, 0.2f, 0.1f, 0.25f, 0.5f, 0.25f], 2, 3);
        var targets = new Tensor([1f, 0f, 0f, 0f, 1f, 0f], 2, 3);
        var gradient = new Tensor(2, 3);

        _loss.Gradient(predictions, targets, gradient);

        Approx.AssertClose(gradient.AsSpan(), [-1 / 0.7 / 2, 0, 0, 0, -1.0, 0], 1e-6, 1e-6, "−t/p/rows");
    }

    [Fact]
    public void ComputeFromLogits_EqualLogits_IsLogOfClassCount()
    {
        var logits = new Tensor([0f, 0f, 0f], 1, 3);
        var targets = new Tensor([1f, 0f, 0f], 1, 3);
        var gradient = new Tensor(1, 3);

        float loss = _loss.ComputeFromLogits(logits, targets);
        _loss.GradientFromLogits(logits, targets, gradient);

        loss.Should().BeApproximately(MathF.Log(3f), 1e-6f);
        Approx.AssertClose(gradient.AsSpan(), [(1 / 3.0) - 1, 1 / 3.0, 1 / 3.0], 1e-6, 1e-6, "softmax(z) − t");
    }

    [Fact]
    public void Gradient_SoftTargets_MatchesCentralFiniteDifferences()
    {
        var predictions = new Tensor([0.5f, 0.25f, 0.25f, 0.125f, 0.625f, 0.25f], 2, 3);
        var targets = new Tensor([1f, 0f, 0f, 0.25f, 0.5f, 0.25f], 2, 3);
        var gradient = new Tensor(2, 3);

        _loss.Gradient(predictions, targets, gradient);
        double[] numeric = FiniteDifference.Gradient(predictions.AsSpan(), () => _loss.Compute(predictions, targets), step: 1f / 1024);

        Approx.AssertClose(gradient.AsSpan(), numeric, 1e-4, 1e-3, "CCE gradient vs finite differences");
    }

    [Fact]
    public void GradientFromLogits_ModerateLogits_MatchesCentralFiniteDifferences()
    {
        var logits = new Tensor([1.5f, -0.25f, 0.5f, -2f, 0.75f, 3f], 2, 3);
        var targets = new Tensor([0f, 1f, 0f, 0.25f, 0.5f, 0.25f], 2, 3);
        var gradient = new Tensor(2, 3);

        _loss.GradientFromLogits(logits, targets, gradient);
        double[] numeric = FiniteDifference.Gradient(logits.AsSpan(), () => _loss.ComputeFromLogits(logits, targets), step: 1f / 1024);

        Approx.AssertClose(gradient.AsSpan(), numeric, 1e-4, 1e-3, "fused CCE gradient vs finite differences");
    }

    [Fact]
    public void ComputeFromLogits_LogitsPlusMinus1e4_IsFiniteAndExact()
    {
        var logits = new Tensor([1e4f, -1e4f, 0f, 1e4f, -1e4f, 0f], 2, 3);
        var targets = new Tensor([1f, 0f, 0f, 0f, 1f, 0f], 2, 3);
        var gradient = new Tensor(2, 3);

        float loss = _loss.ComputeFromLogits(logits, targets);
        _loss.GradientFromLogits(logits, targets, gradient);

        // Row 0 is certain and right (0); row 1 puts −1e4 on its class, 2e4 below the top: (0 + 2e4) / 2.
        loss.Should().Be(1e4f);
        Approx.AssertAllFinite(gradient.AsSpan(), "gradient");
        gradient.AsSpan().ToArray().Should().Equal(0f, 0f, 0f, 0.5f, -0.5f, 0f);
    }

    [Fact]
    public void Compute_ProbabilitiesExactlyZeroOrOne_IsFinite()
    {
        var predictions = new Tensor([1f, 0f, 0f, 0f, 1f, 0f], 2, 3);
        var targets = new Tensor([1f, 0f, 0f, 1f, 0f, 0f], 2, 3);
        var gradient = new Tensor(2, 3);

        float loss = _loss.Compute(predictions, targets);
        _loss.Gradient(predictions, targets, gradient);

        // Row 0: −log 1 = 0. Row 1: log 0 clamped at −100. Mean over 2 rows.
        loss.Should().Be(50f);
        Approx.AssertAllFinite(gradient.AsSpan(), "gradient");
        gradient[3].Should().BeNegative();
    }

    [Fact]
    public void ComputeFromLogits_ModerateLogits_EqualsUnfusedLossOfSoftmax()
    {
        float[] z = [1.2f, -0.4f, 0.3f, -2f, 0.9f, 2.1f];
        var logits = new Tensor(z, 2, 3);
        var targets = new Tensor([0f, 1f, 0f, 0.2f, 0.3f, 0.5f], 2, 3);
        double[] p = Softmax(z, 3);
        var probabilities = new Tensor([.. p.Select(v => (float)v)], 2, 3);
        var fusedGradient = new Tensor(2, 3);
        var gradient = new Tensor(2, 3);

        float fused = _loss.ComputeFromLogits(logits, targets);
        float unfused = _loss.Compute(probabilities, targets);
        _loss.GradientFromLogits(logits, targets, fusedGradient);
        _loss.Gradient(probabilities, targets, gradient);

        fused.Should().BeApproximately(unfused, 1e-5f);
        // Chain rule through the softmax: ∂L/∂zⱼ = Σₖ ∂L/∂pₖ · pₖ (δₖⱼ − pⱼ), row by row.
        var chained = new double[z.Length];
        for (int r = 0; r < 2; r++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int k = 0; k < 3; k++)
                {
                    double pk = p[(r * 3) + k], pj = p[(r * 3) + j];
                    chained[(r * 3) + j] += gradient[(r * 3) + k] * pk * ((k == j ? 1 : 0) - pj);
                }
            }
        }

        Approx.AssertClose(fusedGradient.AsSpan(), chained, 1e-6, 1e-4, "fused vs chained gradient");
    }

    [Fact]
    public void Compute_ShapeMismatch_ThrowsArgumentExceptionNamingShapes()
    {
        Action act = () => _loss.Compute(new Tensor(2, 3), new Tensor(2, 4));

        ArgumentException e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("targets");
        e.Message.Should().Contain("[2, 4]").And.Contain("[2, 3]");
    }

    [Fact]
    public void FusedForms_ShapeMismatch_ThrowArgumentExceptionNamingShapes()
    {
        var logits = new Tensor(2, 3);

        Action compute = () => _loss.ComputeFromLogits(logits, new Tensor(3, 2));
        Action gradient = () => _loss.GradientFromLogits(logits, new Tensor(2, 3), new Tensor(3, 3));

        compute.Should().Throw<ArgumentException>().Which.Message.Should().Contain("[3, 2]").And.Contain("[2, 3]");
        ArgumentException e = gradient.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("gradient");
        e.Message.Should().Contain("[3, 3]").And.Contain("[2, 3]");
    }

    private static double[] Softmax(float[] z, int columns)
    {
        var p = new double[z.Length];
        for (int r = 0; r < z.Length / columns; r++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int j = 0; j < columns; j++)
            {
                max = Math.Max(max, z[(r * columns) + j]);
            }

            for (int j = 0; j < columns; j++)
            {
                p[(r * columns) + j] = Math.Exp(z[(r * columns) + j] - max);
                sum += p[(r * columns) + j];
            }

            for (int j = 0; j < columns; j++)
            {
                p[(r * columns) + j] /= sum;
            }
        }

        return p;
    }
}
