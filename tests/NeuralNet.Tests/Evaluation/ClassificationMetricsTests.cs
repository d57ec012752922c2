using NeuralNet.Evaluation;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Evaluation;

/// <summary>Accuracy, precision, recall and F1 on small cases computed by hand, zero division included.</summary>
public sealed class ClassificationMetricsTests
{
    // Labels {0, 1, 2}; 2 occurs only as a prediction. Confusion matrix (rows true, columns predicted):
    // [2 0 0; 1 0 1; 0 0 0]. Class 1 is never predicted (precision 0/0 → 0), class 2 has no support
    // (recall 0/0 → 0, weight 0).
    private static readonly int[] ZeroDivisionTrue = [0, 0, 1, 1];
    private static readonly int[] ZeroDivisionPred = [0, 0, 0, 2];

    [Fact]
    public void Accuracy_Labels_IsFractionEqual()
    {
        ClassificationMetrics.Accuracy([1, 1, 0, 0, 1], [1, 0, 0, 1, 1]).Should().Be(0.6);
    }

    [Fact]
    public void PerClass_ZeroDivision_GivesZero()
    {
        var matrix = ConfusionMatrix.FromLabels(ZeroDivisionTrue, ZeroDivisionPred);

        ClassificationMetrics.PrecisionPerClass(matrix).Should().Equal(2.0 / 3, 0, 0);
        ClassificationMetrics.RecallPerClass(matrix).Should().Equal(1, 0, 0);
        ClassificationMetrics.F1PerClass(matrix).Should().Equal(2.0 * (2.0 / 3) * 1 / ((2.0 / 3) + 1), 0, 0);
    }

    [Theory]
    [InlineData(Averaging.Macro, 2.0 / 9, 1.0 / 3, 0.8 / 3)]
    [InlineData(Averaging.Weighted, 1.0 / 3, 0.5, 0.4)]
    [InlineData(Averaging.Micro, 0.5, 0.5, 0.5)]
    public void Averages_ZeroDivisionCase_MatchHandComputed(Averaging averaging, double precision, double recall, double f1)
    {
        ClassificationMetrics.Precision(ZeroDivisionTrue, ZeroDivisionPred, averaging).Should().BeApproximately(precision, 1e-15);
        ClassificationMetrics.Recall(ZeroDivisionTrue, ZeroDivisionPred, averaging).Should().BeApproximately(recall, 1e-15);
        ClassificationMetrics.F1(ZeroDivisionTrue, ZeroDivisionPred, averaging).Should().BeApproximately(f1, 1e-15);
    }

    [Fact]
    public void F1Macro_IsMeanOfPerClassF1_NotF1OfMacroPrecisionAndRecall()
    {
        // Class 0: P = 1, R = 1/2, F1 = 2/3; class 1: P = 1/2, R = 1, F1 = 2/3. The mean of the F1s is 2/3;
        // the F1 of macro precision and macro recall (both 3/4) would be 3/4.
        int[] yTrue = [0, 0, 1], yPred = [0, 1, 1];

        ClassificationMetrics.F1(yTrue, yPred, Averaging.Macro).Should().BeApproximately(2.0 / 3, 1e-15);
        ClassificationMetrics.Precision(yTrue, yPred, Averaging.Macro).Should().BeApproximately(0.75, 1e-15);
    }

    [Fact]
    public void Accuracy_Tensors_UsesArgMaxOfEachRow()
    {
        var targets = Tensor.FromArray(new float[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 0, 1, 0 } });
        var predictions = Tensor.FromArray(new float[,] { { 0.7f, 0.2f, 0.1f }, { 0.5f, 0.3f, 0.2f }, { 0.1f, 0.1f, 0.8f }, { 0.2f, 0.6f, 0.2f } });

        ClassificationMetrics.Accuracy(targets, predictions).Should().Be(0.75);
    }

    [Fact]
    public void Accuracy_SingleColumn_ThresholdsAtOneHalf()
    {
        var targets = new Tensor([1f, 0f, 1f, 0f], 4, 1);
        var predictions = new Tensor([0.5f, 0.49f, 0.2f, 0.9f], 4, 1);

        ClassificationMetrics.Accuracy(targets, predictions).Should().Be(0.5);
    }

    [Fact]
    public void Accuracy_LengthMismatch_ThrowsNamingPredictions()
    {
        Action act = () => ClassificationMetrics.Accuracy([0, 1], [0]);

        act.Should().Throw<ArgumentException>().WithParameterName("yPred").WithMessage("*1 values*2*");
    }

    [Fact]
    public void Accuracy_Empty_ThrowsNamingTrueValues()
    {
        Action act = () => ClassificationMetrics.Accuracy([], []);

        act.Should().Throw<ArgumentException>().WithParameterName("yTrue").WithMessage("*empty*");
    }

    [Fact]
    public void F1_Empty_ThrowsNamingTrueValues()
    {
        Action act = () => ClassificationMetrics.F1([], [], Averaging.Macro);

        act.Should().Throw<ArgumentException>().WithParameterName("yTrue");
    }

    [Fact]
    public void Precision_UndefinedAveraging_ThrowsNamingAveraging()
    {
        Action act = () => ClassificationMetrics.Precision([0], [0], (Averaging)7);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("averaging");
    }

    [Fact]
    public void Accuracy_TensorShapesDiffer_ThrowsNamingPredictions()
    {
        Action act = () => ClassificationMetrics.Accuracy(new Tensor(3, 2), new Tensor(3, 3));

        act.Should().Throw<ArgumentException>().WithParameterName("predictions");
    }

    [Fact]
    public void Accuracy_NaNPrediction_ThrowsNamingPredictions()
    {
        var targets = Tensor.FromArray(new float[,] { { 1, 0 }, { 0, 1 } });
        var predictions = Tensor.FromArray(new float[,] { { 0.7f, 0.3f }, { float.NaN, 0.5f } });

        Action act = () => ClassificationMetrics.Accuracy(targets, predictions);

        act.Should().Throw<ArgumentException>().WithParameterName("predictions").WithMessage("*[2]*NaN*");
    }
}
