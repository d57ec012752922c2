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
        // The machine is shared: each side's best of three runs, browser and native alternating, is its figure.
        const int Runs = 3;
        var browser = new double[StepBenchmark.Cases.Count];
        var native = new double[StepBenchmark.Cases.Count];
        for (int run = 1; run <= Runs; run++)
        {
            await page.ClickAsync("[data-testid=bench-run]");
            await page.WaitForValueAsync("bench-runs", $">= {run}", TimeSpan.FromSeconds(180));
            for (int i = 0; i < StepBenchmark.Cases.Count; i++)
            {
                browser[i] = Math.Max(browser[i], await page.ValueAsync($"bench-steps-{i}"));
                int nativeSteps = i == 2 ? 5000 : 50000; // about a second each, past tier-up after the first run
                native[i] = Math.Max(native[i], StepBenchmark.Run(i, nativeSteps).StepsPerSecond);
            }
        }

        string screenshot = await site.ScreenshotAsync(page, "speed");
        output.WriteLine($"speed: {screenshot}");
        output.WriteLine("browser: " + machine);
        output.WriteLine("native:  " + StepBenchmark.Machine());
        for (int i = 0; i < StepBenchmark.Cases.Count; i++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{StepBenchmark.Cases[i]}: browser {browser[i]:F0} steps/s, native {native[i]:F0} steps/s, browser/native {browser[i] / native[i]:F4} (1/{native[i] / browser[i]:F0}), best of {Runs}"));
            browser[i].Should().BePositive();
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
