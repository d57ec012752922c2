using NeuralNet.Samples.Programs;

namespace NeuralNet.Samples.Tests;

public sealed class FashionSampleTests
{
    [FashionMnistFact]
    public void Run_Quick_ReachesEightyPercentOnTheFullTestSet()
    {
        using var run = new SampleRun(new FashionSample());

        // 3 epochs on 10 800 of the 60 000 training images score 83.9 % on all 10 000 test
        // images (the full 5-epoch run on 54 000: 87.8 %).
        run["data available"].Should().Be(1);

        // The validation images are a tenth of the 12 000 the quick run trains from; the test
        // images are scored only at the end.
        run["training samples"].Should().Be(10_800);
        run["validation samples"].Should().Be(1_200);
        run["test samples"].Should().Be(10_000);
        run["test accuracy"].Should().BeGreaterThanOrEqualTo(0.8);
        run["seconds per epoch"].Should().BePositive();
        PngAssertions.ShouldBePng(run.File("fashion-loss.png"), 800, 500);
    }

    [Fact]
    public void Run_DataMissing_SaysHowToInstallAndReturns()
    {
        var output = new StringWriter();
        using var run = new SampleRun(new FashionSample(Path.Combine(Path.GetTempPath(), "no-such-fashion-mnist")), output);

        run["data available"].Should().Be(0);
        run.Result.Files.Should().BeEmpty();
        output.ToString().Should().Contain("sudo apt-get install dataset-fashion-mnist");
    }
}
