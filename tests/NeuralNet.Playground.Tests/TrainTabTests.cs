using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using NeuralNet.Layers;
using NeuralNet.Playground.Configuration;
using NeuralNet.Playground.Sessions;
using NeuralNet.Serialization;
using NeuralNet.Training;
using Xunit.Abstractions;

namespace NeuralNet.Playground.Tests;

/// <summary>The training tab in Chromium: the library trains in the page until the test set is classified.</summary>
[Collection(PlaygroundBrowser.Name)]
public sealed class TrainTabTests(PlaygroundSite site, ITestOutputHelper output)
{
    private const string Xor = "?data=xor&n=300&noise=0&train=50&layers=4,4&act=tanh&out=sigmoid&opt=adam&lr=0.03&batch=10&seed=1";
    private const string Spiral = "?data=spiral&n=400&noise=0&train=50&layers=16,16,16&act=tanh&out=softmax&opt=adam&lr=0.01&batch=10&seed=1";

    [ChromiumFact]
    public async Task Xor_SmallNetwork_ReachesTestAccuracyAndDownloadsTheTrainedModel()
    {
        var errors = new List<string>();
        IPage page = await site.NewPageAsync(errors);
        (double seconds, double accuracy) = await TrainUntilAsync(page, Xor, "xor", minimumAccuracy: 0.95, TimeSpan.FromSeconds(90));

        // The downloaded .nnet is the model the page trained: loaded natively, it scores the same test points as well.
        IDownload download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=download-nnet]"));
        string folder = Directory.CreateTempSubdirectory("playground-download-").FullName;
        try
        {
            string path = Path.Combine(folder, download.SuggestedFilename);
            await download.SaveAsAsync(path);
            Sequential model = ModelFile.Load(path);
            var session = new TrainingSession(PlaygroundSettings.FromQuery(Xor));
            float nativeAccuracy = model.Accuracy(session.Test);
            output.WriteLine(Invariant($"downloaded {download.SuggestedFilename}: {new FileInfo(path).Length} bytes; its accuracy natively on the page's test points {nativeAccuracy:P1} (page {accuracy:P1})"));
            nativeAccuracy.Should().BeGreaterThanOrEqualTo(0.95f);

            IDownload onnx = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=download-onnx]"));
            string onnxPath = Path.Combine(folder, onnx.SuggestedFilename);
            await onnx.SaveAsAsync(onnxPath);
            byte[] bytes = await File.ReadAllBytesAsync(onnxPath);
            output.WriteLine($"downloaded {onnx.SuggestedFilename}: {bytes.Length} bytes");
            onnx.SuggestedFilename.Should().EndWith(".onnx");
            bytes[0].Should().Be(0x08, "an ONNX ModelProto starts with field 1, ir_version, a varint");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        errors.Should().BeEmpty($"the page logs no errors and fetches nothing from elsewhere (404s: {string.Join(", ", site.Server.NotFound)})");
    }

    [ChromiumFact]
    public async Task Spiral_LargerNetwork_ReachesTestAccuracy()
    {
        var errors = new List<string>();
        IPage page = await site.NewPageAsync(errors);
        await TrainUntilAsync(page, Spiral, "spiral", minimumAccuracy: 0.9, TimeSpan.FromSeconds(240), probeFrames: true);
        errors.Should().BeEmpty($"the page logs no errors and fetches nothing from elsewhere (404s: {string.Join(", ", site.Server.NotFound)})");
    }

    [ChromiumFact]
    public async Task Regression_StepResetAndPlay_LearnsTheSurface()
    {
        var errors = new List<string>();
        IPage page = await site.NewPageAsync(errors);
        await page.OpenAsync(site.Server.Url + "?data=regression&n=300&noise=0&layers=8,8&act=tanh&opt=adam&lr=0.03&batch=10&seed=1");
        (await page.TextContentAsync("[data-testid=summary]")).Should().Contain("parameters");
        (await page.QuerySelectorAsync("[data-testid=test-accuracy]")).Should().BeNull("regression has errors, not an accuracy");
        double start = await page.ValueAsync("test-loss");

        await page.ClickAsync("[data-testid=step]");
        await page.WaitForValueAsync("epoch", "== 1", TimeSpan.FromSeconds(30));
        await page.ClickAsync("[data-testid=reset]");
        await page.WaitForValueAsync("epoch", "== 0", TimeSpan.FromSeconds(30));
        (await page.ValueAsync("test-loss")).Should().Be(start, "reset starts again from the same seeded weights");

        await page.ClickAsync("[data-testid=play]");
        await page.WaitForValueAsync("test-loss", Invariant($"<= {start / 10}"), TimeSpan.FromSeconds(120));
        await page.ClickAsync("[data-testid=play]");
        double epoch = await page.ValueAsync("epoch");
        double loss = await page.ValueAsync("test-loss");
        string screenshot = await site.ScreenshotAsync(page, "regression-trained");
        output.WriteLine($"regression trained: {screenshot}");
        output.WriteLine(Invariant($"regression: test MSE {start:G4} → {loss:G4} by epoch {epoch}"));
        errors.Should().BeEmpty();
    }

    [ChromiumFact]
    public async Task Settings_ComeFromTheUrl_AndChangesGoBackIntoIt()
    {
        var errors = new List<string>();
        IPage page = await site.NewPageAsync(errors);
        await page.OpenAsync(site.Server.Url + "?data=circles&layers=8,3&act=relu&opt=nesterov&lr=0.05&batch=0&dropout=0.1");
        (await page.InputValueAsync("[data-testid=problem]")).Should().Be("Circles");
        (await page.InputValueAsync("[data-testid=layers]")).Should().Be("8,3");
        (await page.InputValueAsync("[data-testid=activation]")).Should().Be("ReLU");
        (await page.InputValueAsync("[data-testid=optimizer]")).Should().Be("Nesterov");
        (await page.TextContentAsync("[data-testid=mode]")).Should().StartWith("batch gradient descent");

        await page.SelectOptionAsync("[data-testid=activation]", "GELU");
        await page.SelectOptionAsync("[data-testid=optimizer]", "AdamW");
        await page.FillAsync("[data-testid=batch]", "1");
        await page.PressAsync("[data-testid=batch]", "Tab");
        await page.WaitForFunctionAsync("() => location.search.includes('batch=1&')");
        var shared = PlaygroundSettings.FromQuery(new Uri(page.Url).Query);
        shared.Activation.Should().Be(ActivationKind.GELU);
        shared.Optimizer.Should().Be(OptimizerKind.AdamW);
        shared.WeightDecay.Should().Be(0.01f, "choosing AdamW gives it torch's default decoupled weight decay");
        shared.HiddenLayers.Should().Equal(8, 3);
        (await page.TextContentAsync("[data-testid=mode]")).Should().StartWith("stochastic gradient descent");

        // The shared link opens the same configuration in a fresh page.
        IPage second = await site.NewPageAsync(errors);
        await second.OpenAsync(page.Url);
        (await second.InputValueAsync("[data-testid=activation]")).Should().Be("GELU");
        (await second.InputValueAsync("[data-testid=optimizer]")).Should().Be("AdamW");
        output.WriteLine($"shared link: {page.Url}");
        errors.Should().BeEmpty($"the page logs no errors and fetches nothing from elsewhere (404s: {string.Join(", ", site.Server.NotFound)})");
    }

    /// <summary>Opens a configuration, presses play, waits for the test accuracy; checks the loss fell and the picture changed.</summary>
    private async Task<(double Seconds, double Accuracy)> TrainUntilAsync(IPage page, string query, string name, double minimumAccuracy, TimeSpan timeout, bool probeFrames = false)
    {
        await page.OpenAsync(site.Server.Url + query);
        await page.WaitForValueAsync("epoch", ">= 0", TimeSpan.FromSeconds(30));
        string before = await page.CanvasAsync("surface");
        double startLoss = await page.ValueAsync("train-loss");
        output.WriteLine($"{name} start: {await site.ScreenshotAsync(page, name + "-start")}");

        var clock = Stopwatch.StartNew();
        await page.ClickAsync("[data-testid=play]");
        if (probeFrames)
        {
            // The page must stay responsive while it trains: the longest gap between animation frames over 2 s.
            double gap = await page.EvaluateAsync<double>(
                "() => new Promise(done => { let last = performance.now(), worst = 0; const end = last + 2000;" +
                " const tick = now => { worst = Math.max(worst, now - last); last = now; if (now < end) requestAnimationFrame(tick); else done(worst); };" +
                " requestAnimationFrame(tick); })");
            string? frame = await page.TextContentAsync("[data-testid=frame]");
            output.WriteLine(Invariant($"{name}: longest gap between animation frames while training {gap:F0} ms; {frame}"));
            gap.Should().BeLessThan(500, "training runs in slices between frames, so the page never freezes");
        }

        await page.WaitForValueAsync("test-accuracy", Invariant($">= {minimumAccuracy}"), timeout);
        clock.Stop();
        await page.ClickAsync("[data-testid=play]"); // pause
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=play]').textContent.includes('play')");

        double accuracy = await page.ValueAsync("test-accuracy");
        double loss = await page.ValueAsync("train-loss");
        double epoch = await page.ValueAsync("epoch");
        double steps = await page.ValueAsync("steps");
        double training = await page.ValueAsync("elapsed");
        string after = await page.CanvasAsync("surface");
        output.WriteLine($"{name} trained: {await site.ScreenshotAsync(page, name + "-trained")}");
        output.WriteLine(Invariant(
            $"{name}: test accuracy {accuracy:P1} ≥ {minimumAccuracy:P0} after {clock.Elapsed.TotalSeconds:F1} s from play (training time {training:F1} s), epoch {epoch}, {steps} steps ({steps / training:F0} steps/s); training loss {startLoss:G4} → {loss:G4}"));

        accuracy.Should().BeGreaterThanOrEqualTo(minimumAccuracy);
        loss.Should().BeLessThan(startLoss / 2, "the training loss must fall");
        after.Should().NotBe(before, "the decision surface is redrawn as the network trains");
        return (clock.Elapsed.TotalSeconds, accuracy);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
