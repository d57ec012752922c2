using System.Diagnostics;
using Microsoft.Playwright;

namespace NeuralNet.Playground.Tests;

/// <summary>
/// The published playground, served on 127.0.0.1, and a headless Chromium: shared by the browser tests
/// (one collection, so they run one after another and their timings do not overlap).
/// </summary>
/// <remarks>
/// The site is the folder <c>PLAYGROUND_SITE</c> names (CI publishes it once), or else it is published
/// here into a temporary folder this fixture creates and deletes. Screenshots go to
/// <c>TestResults/playground</c> beside the test assembly.
/// </remarks>
public sealed class PlaygroundSite : IAsyncLifetime
{
    /// <summary>The environment variable naming a published site (the publish folder or its wwwroot).</summary>
    public const string SiteVariable = "PLAYGROUND_SITE";

    private string? _tempFolder;
    private IPlaywright? _playwright;

    /// <summary>The local server.</summary>
    public StaticSiteServer Server { get; private set; } = default!;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = default!;

    /// <summary>The served folder.</summary>
    public string Root { get; private set; } = "";

    /// <summary>Where screenshots are written.</summary>
    public string Artifacts { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "playground");

    /// <summary>Whether the browser is there at all (when not, every test skips and this fixture does nothing).</summary>
    public static bool Available => File.Exists(ChromiumFactAttribute.ChromiumPath);

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        Root = LocateOrPublish();
        Server = new StaticSiteServer(Root);
        Directory.CreateDirectory(Artifacts);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox"], // root in CI's container; Chromium refuses its sandbox there
        });
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Server?.Dispose();
        if (_tempFolder is not null)
        {
            Directory.Delete(_tempFolder, recursive: true);
        }
    }

    /// <summary>A new page (its own context, so downloads and storage do not leak between tests), with the page's console errors collected.</summary>
    /// <param name="errors">Receives console errors, uncaught exceptions and any request to another origin.</param>
    /// <returns>The page.</returns>
    public async Task<IPage> NewPageAsync(List<string> errors)
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1000, Height = 800 },
        });
        IPage page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.Request += (_, request) =>
        {
            // Nothing may come from anywhere but the local server: no CDN, no fonts, no telemetry.
            if (!request.Url.StartsWith(Server.Url, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                lock (errors)
                {
                    errors.Add("request outside the site: " + request.Url);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return page;
    }

    /// <summary>A screenshot under <see cref="Artifacts"/>.</summary>
    /// <param name="page">The page.</param>
    /// <param name="name">The file name, without extension.</param>
    /// <returns>The file's path.</returns>
    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        string path = Path.Combine(Artifacts, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private string LocateOrPublish()
    {
        string? given = Environment.GetEnvironmentVariable(SiteVariable);
        if (!string.IsNullOrEmpty(given))
        {
            string root = Directory.Exists(Path.Combine(given, "wwwroot")) ? Path.Combine(given, "wwwroot") : given;
            return File.Exists(Path.Combine(root, "index.html"))
                ? root
                : throw new InvalidOperationException($"{SiteVariable}={given} holds no index.html (nor does its wwwroot).");
        }

        string repository = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repository, "NeuralNet.sln")))
        {
            repository = Path.GetDirectoryName(repository) ?? throw new InvalidOperationException("The repository root (NeuralNet.sln) is not above the test assembly.");
        }

        _tempFolder = Directory.CreateTempSubdirectory("playground-site-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(repository, "samples", "NeuralNet.Playground"), "-c", "Release", "-o", _tempFolder },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the playground failed:\n{output.Result}\n{error.Result}");
        }

        return Path.Combine(_tempFolder, "wwwroot");
    }
}

/// <summary>The browser tests' collection: one site and browser, tests one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PlaygroundBrowser : ICollectionFixture<PlaygroundSite>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "playground";
}
