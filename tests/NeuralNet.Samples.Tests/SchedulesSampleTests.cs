using NeuralNet.Samples.Programs;

namespace NeuralNet.Samples.Tests;

public sealed class SchedulesSampleTests
{
    [FashionMnistFact]
    public void Run_Quick_TrainsEachScheduleAndDrawsRatesAndAccuracy()
    {
        var output = new StringWriter();
        using var run = new SampleRun(new SchedulesSample(), output);

        // 4 epochs on 10 800 images, each schedule from seed 1's initial weights, scored on all
        // 10 000 test images: constant 84.6 %, step 85.3 %, cosine 86.2 %, one-cycle 85.9 % in one run.
        run["data available"].Should().Be(1);
        run["epochs"].Should().Be(4);
        run["seeds"].Should().Be(1);
        run["training samples"].Should().Be(10_800);
        run["test samples"].Should().Be(10_000);
        foreach (string schedule in new[] { "constant", "step", "cosine", "one-cycle" })
        {
            run[$"{schedule} test accuracy"].Should().BeGreaterThanOrEqualTo(0.8, $"{schedule} should train the network");
            output.ToString().Should().Contain(schedule);
        }

        PngAssertions.ShouldBePng(run.File("schedules-learning-rates.png"), 800, 400, minimumBytes: 15_000);
        PngAssertions.ShouldBePng(run.File("schedules-accuracy.png"), 800, 400, minimumBytes: 15_000);
        run.Result.Files.Should().HaveCount(2);
    }

    [Fact]
    public void Run_DataMissing_DrawsTheRatesAndSaysHowToInstall()
    {
        var output = new StringWriter();
        using var run = new SampleRun(new SchedulesSample(Path.Combine(Path.GetTempPath(), "no-such-fashion-mnist")), output);

        run["data available"].Should().Be(0);
        output.ToString().Should().Contain("sudo apt-get install dataset-fashion-mnist");
        run.Result.Files.Should().Equal(run.File("schedules-learning-rates.png"));
        PngAssertions.ShouldBePng(run.File("schedules-learning-rates.png"), 800, 400, minimumBytes: 15_000);

        // The drawn sequences are the schedules' own, stepped as the trainer steps them: one-cycle
        // (per batch) peaks at its max_lr and ends near max_lr / (25 · 10⁴); the step schedule halves
        // 1e-3 once in 4 epochs (every 2); cosine from 2e-3 (per epoch, T_max = 4) is at
        // 2e-3 · (1 + cos(3π/4)) / 2 in the last epoch; the constant never moves.
        run["one-cycle peak learning rate"].Should().BeApproximately(2e-3, 1e-5);
        run["one-cycle last learning rate"].Should().BeLessThan(1e-6);
        run["step last learning rate"].Should().BeApproximately(5e-4, 1e-9);
        run["cosine peak learning rate"].Should().BeApproximately(2e-3, 1e-9);
        run["cosine last learning rate"].Should().BeApproximately(2e-3 * (1 + Math.Cos(3 * Math.PI / 4)) / 2, 1e-9);
        run["constant peak learning rate"].Should().Be(run["constant last learning rate"]);
    }
}
