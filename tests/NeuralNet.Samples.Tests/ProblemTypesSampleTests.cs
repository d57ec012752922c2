using NeuralNet.Data;
using NeuralNet.Samples.Programs;

namespace NeuralNet.Samples.Tests;

public sealed class ProblemTypesSampleTests
{
    [Fact]
    public void Run_Quick_SolvesAllFourProblemTypes()
    {
        using var run = new SampleRun(new ProblemTypesSample());

        // Regression beats the mean predictor (R² > 0; the quick run gets about 0.5).
        run["regression R²"].Should().BeGreaterThan(0.3);
        run["regression RMSE"].Should().BeLessThan(run["regression mean-predictor RMSE"]);

        run["binary accuracy"].Should().BeGreaterThanOrEqualTo(0.9);
        run["multi-class accuracy"].Should().BeGreaterThanOrEqualTo(0.9);
        foreach (string label in ProblemTypesSample.DigitLabels)
        {
            run[$"multi-label accuracy {label}"].Should().BeGreaterThanOrEqualTo(0.9, label);
        }

        run["multi-label exact match"].Should().BeGreaterThanOrEqualTo(0.8);

        string[] pictures =
        [
            "problems-regression.png", "problems-regression-loss.png", "problems-binary.png",
            "problems-confusion.png", "problems-multiclass.png", "problems-multilabel.png",
        ];
        run.Result.Files.Select(Path.GetFileName).Should().BeEquivalentTo(pictures);
        foreach (string picture in pictures)
        {
            (int width, int height) = picture == "problems-confusion.png" ? (600, 500) : (800, 500);
            PngAssertions.ShouldBePng(run.File(picture), width, height);
        }
    }

    [Fact]
    public void Run_Quick_PrintsTheConfusionMatrix()
    {
        var output = new StringWriter();
        using var run = new SampleRun(new ProblemTypesSample(), output);

        string text = output.ToString();
        text.Should().Contain("actual \\ predicted").And.Contain("malignant").And.Contain("benign");
        (run["binary false negatives"] + run["binary false positives"]).Should().BeLessThanOrEqualTo(114 * 0.1);
    }

    [Fact]
    public void DigitProperties_Digits_AreEvenAtLeastFiveAndPrime()
    {
        Dataset digits = Datasets.Digits();
        Dataset labels = ProblemTypesSample.DigitProperties(digits);

        labels.TargetCount.Should().Be(3);
        for (int i = 0; i < digits.Count; i++)
        {
            int d = digits.Targets.Row(i).IndexOf(1f);
            float[] expected = [d % 2 == 0 ? 1 : 0, d >= 5 ? 1 : 0, d is 2 or 3 or 5 or 7 ? 1 : 0];
            labels.Targets.Row(i).ToArray().Should().Equal(expected, $"digit {d}");
        }
    }
}
