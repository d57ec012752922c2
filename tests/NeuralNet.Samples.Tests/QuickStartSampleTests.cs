using NeuralNet.Samples.Programs;

namespace NeuralNet.Samples.Tests;

public sealed class QuickStartSampleTests
{
    [Fact]
    public void Run_Quick_ClassifiesDigitsAndPlotsLosses()
    {
        using var run = new SampleRun(new QuickStartSample());

        // 10 epochs reach 96.1 % on the 359 test digits (30 epochs: 97.8 %); 93 % leaves margin.
        run["test accuracy"].Should().BeGreaterThanOrEqualTo(0.93);

        // The validation data is a tenth of the 1438-digit training split, not the test split,
        // which is scored only at the end.
        run["test samples"].Should().Be(359);
        run["validation samples"].Should().Be(144);
        (run["training samples"] + run["validation samples"]).Should().Be(1438);
        run["validation loss"].Should().BeLessThan(0.3);
        run["epochs"].Should().Be(10);
        run.Result.Files.Should().Equal(run.File("quickstart-loss.png"));
        PngAssertions.ShouldBePng(run.File("quickstart-loss.png"), 800, 500);
    }
}
