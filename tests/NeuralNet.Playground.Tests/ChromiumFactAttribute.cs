namespace NeuralNet.Playground.Tests;

/// <summary>
/// A fact that needs Debian's Chromium: skipped, saying why, when <c>/usr/bin/chromium</c> is absent
/// (CI installs it: <c>apt-get install -y chromium</c>). Playwright never downloads a browser here.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>The browser the tests drive.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Marks the test skipped when the browser is missing.</summary>
    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
        {
            Skip = $"{ChromiumPath} is absent: install Debian's chromium (apt-get install -y chromium) to run the browser tests.";
        }
    }
}
