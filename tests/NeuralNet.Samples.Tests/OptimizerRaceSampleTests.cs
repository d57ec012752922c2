using NeuralNet.Samples.Programs;

namespace NeuralNet.Samples.Tests;

public sealed class OptimizerRaceSampleTests
{
    private static readonly string[] Surfaces = ["rosenbrock", "beale", "saddle"];

    [Fact]
    public void Run_Quick_ShowsTheKnownBehaviourAndWritesItsPictures()
    {
        using var run = new SampleRun(new OptimizerRaceSample());

        // Saddle x² − y² from (1, 0.001), 150 steps. Plain SGD (η = 0.01) multiplies y by 1.02 a step:
        // 0.001 · 1.02¹⁵⁰ ≈ 0.02, so it lingers near the saddle point (|y| < 0.05, f > −0.01).
        Math.Abs(run["saddle SGD final y"]).Should().BeLessThan(0.05);
        run["saddle SGD final f"].Should().BeGreaterThan(-0.01);

        // The adaptive methods divide by the gradient's own scale, so the tiny slope along y is no
        // handicap: they escape to |y| > 1, that is f < −1 once x has settled.
        foreach (string optimizer in new[] { "Adagrad", "RMSProp", "Adam" })
        {
            Math.Abs(run[$"saddle {optimizer} final y"]).Should().BeGreaterThan(1, optimizer + " should escape the saddle");
            run[$"saddle {optimizer} final f"].Should().BeLessThan(-1, optimizer + " should escape the saddle");
        }

        // Rosenbrock from (−1.5, 2), same step count (2000 in quick mode) for both: Adam (η = 0.05)
        // gets within 0.01 of (1, 1); SGD (η = 0.001, the most its steep walls allow) is still
        // crawling along the valley floor, more than 0.3 away.
        run["rosenbrock Adam steps"].Should().Be(run["rosenbrock SGD steps"]);
        run["rosenbrock Adam distance"].Should().BeLessThan(0.01);
        run["rosenbrock SGD distance"].Should().BeGreaterThan(0.3);

        // Beale: Adam reaches its minimum (3, 0.5); every optimizer at least gets closer than the start (≈ 2.2 away).
        run["beale Adam distance"].Should().BeLessThan(0.01);
        foreach (string optimizer in OptimizerRaceSample.OptimizerNames)
        {
            run[$"beale {optimizer} distance"].Should().BeLessThan(1, optimizer);
        }

        // The flat stretches of Adam's progress line on Beale are steps after which the float32 point
        // is exactly where it was: the update rounded away.
        run["beale Adam still steps"].Should().BePositive();
        run["beale SGD still steps"].Should().Be(0, "SGD is still far from the minimum, with updates of ~1e-4");

        foreach (string surface in Surfaces)
        {
            PngAssertions.ShouldBePng(run.File($"race-{surface}.png"), 760, 400, minimumBytes: 30_000);
            PngAssertions.ShouldBePng(run.File($"race-{surface}-progress.png"), 760, 400, minimumBytes: 10_000);
            AnimationShouldBeSelfContained(run.File($"race-{surface}.svg"));
        }

        run.Result.Files.Should().HaveCount(9);
    }

    private static void AnimationShouldBeSelfContained(string path)
    {
        File.Exists(path).Should().BeTrue();
        string svg = File.ReadAllText(path);
        svg.Should().StartWith("<svg").And.EndWith("</svg>\n");
        new FileInfo(path).Length.Should().BeGreaterThan(20_000);

        // SMIL only: one moving dot and one growing trail per optimizer, and nothing fetched from elsewhere.
        CountOf(svg, "<animateMotion").Should().Be(OptimizerRaceSample.OptimizerNames.Count);
        CountOf(svg, "<animate ").Should().Be(OptimizerRaceSample.OptimizerNames.Count);
        svg.Should().NotContain("<script").And.NotContain("href=").And.NotContain("src=");
        CountOf(svg, "http").Should().Be(1, "the only URL is the SVG namespace");
        _ = System.Xml.Linq.XDocument.Parse(svg);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
