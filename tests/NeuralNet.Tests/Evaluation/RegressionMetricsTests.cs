using NeuralNet.Evaluation;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Evaluation;

/// <summary>MAE, MSE, RMSE and R² on cases computed by hand, scikit-learn's edge cases and bad input.</summary>
public sealed class RegressionMetricsTests
{
    // Residuals 0, 0, 0, −2; mean of y 2.5, Σ(y − ȳ)² = 5.
    private static readonly double[] True = [1, 2, 3, 4];
    private static readonly double[] Pred = [1, 2, 3, 6];

    [Fact]
    public void SingleOutput_HandComputed_AllFour()
    {
        RegressionMetrics.MeanAbsoluteError(True, Pred).Should().Be(0.5);
        RegressionMetrics.MeanSquaredError(True, Pred).Should().Be(1);
        RegressionMetrics.RootMeanSquaredError(True, Pred).Should().Be(1);
        RegressionMetrics.RSquared(True, Pred).Should().BeApproximately(0.2, 1e-15);
    }

    [Fact]
    public void FloatSpans_ExactlyRepresentableValues_MatchDoubleSpans()
    {
        float[] yTrue = [.. True.Select(v => (float)v)], yPred = [.. Pred.Select(v => (float)v)];

        RegressionMetrics.MeanAbsoluteError(yTrue, yPred).Should().Be(RegressionMetrics.MeanAbsoluteError(True, Pred));
        RegressionMetrics.MeanSquaredError(yTrue, yPred).Should().Be(RegressionMetrics.MeanSquaredError(True, Pred));
        RegressionMetrics.RootMeanSquaredError(yTrue, yPred).Should().Be(RegressionMetrics.RootMeanSquaredError(True, Pred));
        RegressionMetrics.RSquared(yTrue, yPred).Should().Be(RegressionMetrics.RSquared(True, Pred));
    }

    [Fact]
    public void RSquared_PredictingTheMean_IsZero_AndWorseIsNegative()
    {
        RegressionMetrics.RSquared(True, [2.5, 2.5, 2.5, 2.5]).Should().Be(0);
        RegressionMetrics.RSquared(True, [4, 3, 2, 1]).Should().Be(-3); // 1 − 20/5
    }

    [Theory]
    [InlineData(new[] { 2.0, 2.0, 2.0 }, new[] { 2.0, 2.0, 2.0 }, 1.0)]
    [InlineData(new[] { 2.0, 2.0, 2.0 }, new[] { 2.0, 2.0, 3.0 }, 0.0)]
    [InlineData(new[] { 0.1, 0.1, 0.1 }, new[] { 0.1, 0.1, 0.1 }, 1.0)]
    [InlineData(new[] { 0.1, 0.1, 0.1 }, new[] { 0.1, 0.1, 0.2 }, 0.0)] // (0.1+0.1+0.1)/3 ≠ 0.1 in double: still constant
    public void RSquared_ConstantTrueValues_IsOneIfExactElseZero(double[] yTrue, double[] yPred, double expected)
    {
        RegressionMetrics.RSquared(yTrue, yPred).Should().Be(expected);
    }

    [Fact]
    public void MultiOutput_Rmse_IsMeanOfColumnRmses_NotRootOfMeanMse()
    {
        // Column 0 residuals ±1 (MSE 1), column 1 residuals ±2 (MSE 4): RMSE (1 + 2)/2 = 1.5, not √2.5.
        var yTrue = new double[,] { { 0, 0 }, { 0, 0 } };
        var yPred = new double[,] { { 1, 2 }, { -1, -2 } };

        RegressionMetrics.RootMeanSquaredErrorPerOutput(yTrue, yPred).Should().Equal(1, 2);
        RegressionMetrics.RootMeanSquaredError(yTrue, yPred).Should().Be(1.5);
        RegressionMetrics.MeanSquaredError(yTrue, yPred).Should().Be(2.5);
        RegressionMetrics.MeanAbsoluteError(yTrue, yPred).Should().Be(1.5);
    }

    [Fact]
    public void MultiOutput_RSquared_IsUniformMeanIncludingConstantColumns()
    {
        // Column 0: R² 0.2 (the single-output case); column 1 is constant and predicted exactly: 1.
        var yTrue = new double[,] { { 1, 7 }, { 2, 7 }, { 3, 7 }, { 4, 7 } };
        var yPred = new double[,] { { 1, 7 }, { 2, 7 }, { 3, 7 }, { 6, 7 } };

        RegressionMetrics.RSquaredPerOutput(yTrue, yPred)[1].Should().Be(1);
        RegressionMetrics.RSquared(yTrue, yPred).Should().BeApproximately(0.6, 1e-15);
    }

    [Fact]
    public void Tensor_MatrixAndVector_MatchArraysAndSpans()
    {
        var yTrue = Tensor.FromArray(new float[,] { { 1, 7 }, { 2, 7 }, { 3, 7 }, { 4, 8 } });
        var yPred = Tensor.FromArray(new float[,] { { 1, 7 }, { 2, 6 }, { 3, 7 }, { 6, 7 } });
        var trueArray = new double[,] { { 1, 7 }, { 2, 7 }, { 3, 7 }, { 4, 8 } };
        var predArray = new double[,] { { 1, 7 }, { 2, 6 }, { 3, 7 }, { 6, 7 } };

        RegressionMetrics.RSquaredPerOutput(yTrue, yPred).Should().Equal(RegressionMetrics.RSquaredPerOutput(trueArray, predArray));
        RegressionMetrics.MeanAbsoluteError(yTrue, yPred).Should().Be(RegressionMetrics.MeanAbsoluteError(trueArray, predArray));
        RegressionMetrics.MeanSquaredError(new Tensor([1f, 2f, 3f, 4f], 4), new Tensor([1f, 2f, 3f, 6f], 4)).Should().Be(1);
    }

    [Fact]
    public void LengthMismatch_ThrowsNamingPredictions()
    {
        Action act = () => RegressionMetrics.MeanAbsoluteError([1.0, 2.0], [1.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("yPred");
    }

    [Fact]
    public void Empty_ThrowsNamingTrueValues()
    {
        Action act = () => RegressionMetrics.MeanSquaredError(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty);

        act.Should().Throw<ArgumentException>().WithParameterName("yTrue");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void NonFinitePrediction_ThrowsNamingPredictions(double bad)
    {
        Action act = () => RegressionMetrics.RootMeanSquaredError([1.0, 2.0], [1.0, bad]);

        act.Should().Throw<ArgumentException>().WithParameterName("yPred").WithMessage("*yPred[1]*");
    }

    [Fact]
    public void NaNTrueValue_ThrowsNamingTrueValues()
    {
        Action act = () => RegressionMetrics.RSquared([float.NaN, 2f], [1f, 2f]);

        act.Should().Throw<ArgumentException>().WithParameterName("yTrue");
    }

    [Fact]
    public void RSquared_OneSample_Throws()
    {
        Action act = () => RegressionMetrics.RSquared([1.0], [1.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("yTrue").WithMessage("*at least 2*");
    }

    [Fact]
    public void Arrays_ShapeMismatch_ThrowsNamingPredictions()
    {
        Action act = () => RegressionMetrics.MeanAbsoluteError(new double[3, 2], new double[2, 3]);

        act.Should().Throw<ArgumentException>().WithParameterName("yPred");
    }

    [Fact]
    public void Tensors_ShapeMismatch_ThrowsNamingPredictions()
    {
        Action act = () => RegressionMetrics.RSquaredPerOutput(new Tensor(4, 2), new Tensor(4, 1));

        act.Should().Throw<ArgumentException>().WithParameterName("yPred");
    }
}
