using NeuralNet.Samples.Programs;

namespace NeuralNet.Samples.Tests;

public sealed class XorSampleTests
{
    [Fact]
    public void Run_Quick_SingleLayerFailsAndHiddenLayerLearnsXor()
    {
        using var run = new SampleRun(new XorSample());

        // No line separates XOR's classes, so a single layer gets at most 3 of the 4 points.
        run["single layer accuracy"].Should().BeLessThanOrEqualTo(0.75);
        run["hidden layer accuracy"].Should().Be(1.0);
        PngAssertions.ShouldBePng(run.File("xor-surface.png"), 800, 500, minimumBytes: 20_000);
        PngAssertions.ShouldBePng(run.File("xor-single-layer.png"), 800, 500);
        run.Result.Files.Should().HaveCount(2);
    }
}
