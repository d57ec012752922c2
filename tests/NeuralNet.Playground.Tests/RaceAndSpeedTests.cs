using System.Globalization;
using Microsoft.Playwright;
using NeuralNet.Playground.Race;
using NeuralNet.Playground.Sessions;
using Xunit.Abstractions;

namespace NeuralNet.Playground.Tests;

/// <summary>The race tab and the speed tab in Chromium, and the published site's size.</summary>
[Collection(PlaygroundBrowser.Name)]
public sealed class RaceAndSpeedTests(PlaygroundSite site, ITestOutputHelper output)
{
    [ChromiumFact]
    public async Task Race_Beale_AdamReachesTheMinimum()
    {
        var errors = new List<string>();
        IPage page = await site.NewPageAsync(errors);
        await page.OpenAsync(site.Server.Url + "?tab=race&surface=beale&speed=20");
        string before = await page.CanvasAsync("race");
        await page.ClickAsync("[data-testid=race-play]");
        await page.WaitForValueAsync("race-distance-Adam", "< 0.01", TimeSpan.FromSeconds(90));
        double steps = await page.ValueAsync("race-steps");
        await page.WaitForValueAsync("race-steps", ">= 3000", TimeSpan.FromSeconds(90));
        var distances = new List<string>();
        foreach (string name in RaceRunner.Names)
        {
            double distance = await page.ValueAsync("race-distance-" + name);
            distances.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {distance:G3}"));
        }

        string screenshot = await site.ScreenshotAsync(page, "race-beale");
        output.WriteLine($"race: {screenshot}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"beale: Adam within 0.01 of (3, 0.5) by step {steps}; after 3000 steps: {string.Join(", ", distances)}"));
        (await page.ValueAsync("race-distance-Adam")).Should().BeLessThan(0.01);
        (await page.CanvasAsync("race")).Should().NotBe(before, "the paths are drawn as the optimizers move");
        errors.Should().BeEmpty($"the page logs no errors and fetches nothing from elsewhere (404s: {string.Join(", ", site.Server.NotFound)})");
    }

    [ChromiumFact]
    public async Task Speed_BrowserAgainstNative_SameNetworks()
    {
        var errors = new List<string>();
        IPage page = await site.NewPageAsync(errors);
        await page.OpenAsync(site.Server.Url + "?tab=bench");
        string machine = (await page.TextContentAsync("[data-testid=bench-machine]"))!;
        await page.ClickAsync("[data-testid=bench-run]");
        await page.WaitForValueAsync("bench-done", "== 1", TimeSpan.FromSeconds(180));
        string screenshot = await site.ScreenshotAsync(page, "speed");
        output.WriteLine($"speed: {screenshot}");
        output.WriteLine("browser: " + machine);
        output.WriteLine("native:  " + StepBenchmark.Machine());
        for (int i = 0; i < StepBenchmark.Cases.Count; i++)
        {
            double browser = await page.ValueAsync($"bench-steps-{i}");
            int nativeSteps = i == 2 ? 3000 : 30000;
            StepBenchmark.Run(i, nativeSteps); // a first pass lets tiered compilation settle
            (double native, double nativeSamples) = StepBenchmark.Run(i, nativeSteps);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{StepBenchmark.Cases[i]}: browser {browser:F0} steps/s, native {native:F0} steps/s ({nativeSamples:F0} samples/s), browser/native {browser / native:F4} (1/{native / browser:F0})"));
            browser.Should().BePositive();
        }

        machine.Should().Contain("Vector128.IsHardwareAccelerated=True", "WebAssembly SIMD backs Vector128 in Chromium");
        errors.Should().BeEmpty($"the page logs no errors and fetches nothing from elsewhere (404s: {string.Join(", ", site.Server.NotFound)})");
    }

    [ChromiumFact]
    public void Site_Size_Reported()
    {
        // What a visitor downloads: the files as published, and with the .br (else .gz) copies a server would send instead.
        long raw = 0, brotli = 0, gzip = 0;
        int files = 0;
        foreach (string file in Directory.EnumerateFiles(site.Root, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".br", StringComparison.Ordinal) || file.EndsWith(".gz", StringComparison.Ordinal))
            {
                continue;
            }

            long size = new FileInfo(file).Length;
            raw += size;
            files++;
            brotli += File.Exists(file + ".br") ? new FileInfo(file + ".br").Length : size;
            gzip += File.Exists(file + ".gz") ? new FileInfo(file + ".gz").Length : size;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"published site {site.Root}: {files} files, {raw / 1048576.0:F2} MiB; served Brotli {brotli / 1048576.0:F2} MiB, gzip {gzip / 1048576.0:F2} MiB"));
        raw.Should().BePositive();
    }
}
