using NeuralNet.Samples.Programs;

namespace NeuralNet.Samples.Tests;

public sealed class GeneralisationSampleTests
{
    [Fact]
    public void Run_Quick_LargestModelOverFitsAndEarlyStoppingShrinksItsGap()
    {
        using var run = new SampleRun(new GeneralisationSample());

        // Models 0, 1, 2 are the linear, the 1→8→1 and the large network. The verdicts come from the
        // losses: the largest validation-minus-training gap must be the large network's, the highest
        // training loss the linear model's, the lowest validation loss the middle one's.
        run["over-fit model"].Should().Be(2);
        run["under-fit model"].Should().Be(0);
        run["good model"].Should().Be(1);
        run["model 2 gap"].Should().BeGreaterThan(run["model 0 gap"]).And.BeGreaterThan(run["model 1 gap"]);
        run["model 2 gap"].Should().BeGreaterThan(0.05, "the large network should memorise the noise");

        // Early stopping at least halves the gap and does not worsen the validation loss.
        run["gap after remedy"].Should().BeLessThan(run["gap before remedy"] / 2);
        run["remedy validation loss"].Should().BeLessThan(run["model 2 validation loss"]);

        PngAssertions.ShouldBePng(run.File("generalisation-fits.png"), 640, 400, minimumBytes: 15_000);
        PngAssertions.ShouldBePng(run.File("generalisation-losses.png"), 640, 400, minimumBytes: 15_000);
        run.Result.Files.Should().HaveCount(2);
    }
}
