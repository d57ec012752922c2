using NeuralNet.Samples.Programs;

namespace NeuralNet.Samples.Tests;

public sealed class DescentModesSampleTests
{
    [Theory]
    [InlineData("batch")]
    [InlineData("stochastic")]
    [InlineData("mini-batch")]
    public void Run_Quick_EachModeReducesTheLoss(string mode)
    {
        using var run = new SampleRun(new DescentModesSample());

        // All three start from the same weights; each must at least halve the training-set MSE.
        run["batch initial loss"].Should().Be(run[mode + " initial loss"]);
        run[mode + " final loss"].Should().BeLessThan(run[mode + " initial loss"] / 2);
        run[mode + " seconds"].Should().BeGreaterThan(0);
        run[mode + " seconds per epoch"].Should().BeApproximately(run[mode + " seconds"] / 30, 1e-12);
    }

    [Fact]
    public void Run_Quick_MoreUpdatesPerEpochGoFurtherPerEpoch()
    {
        using var run = new SampleRun(new DescentModesSample());

        // Same step size and epochs: stochastic takes ~350 times as many steps as batch, mini-batch ~11 times.
        run["stochastic updates"].Should().BeGreaterThan(run["mini-batch updates"]).And.BeGreaterThan(run["batch updates"]);
        run["mini-batch final loss"].Should().BeLessThan(run["batch final loss"]);
        run["stochastic final loss"].Should().BeLessThan(run["batch final loss"]);

        // One run of a few milliseconds is scheduler noise: the times are medians over at least three runs.
        run["timed runs"].Should().BeGreaterThanOrEqualTo(3);
        PngAssertions.ShouldBePng(run.File("descent-epochs.png"), 640, 400, minimumBytes: 10_000);
        PngAssertions.ShouldBePng(run.File("descent-time.png"), 640, 400, minimumBytes: 10_000);
        run.Result.Files.Should().HaveCount(2);
    }
}
