using System.Globalization;
using Microsoft.Playwright;

namespace NeuralNet.Playground.Tests;

/// <summary>Reading the page's machine-readable status: elements with <c>data-testid</c> and a <c>data-value</c>.</summary>
internal static class PageExtensions
{
    /// <summary>Opens the page at a query and waits until the .NET runtime has started and rendered.</summary>
    public static async Task OpenAsync(this IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("[data-testid=ready]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 120_000 });
    }

    /// <summary>The <c>data-value</c> of the element with a test id, as a number (NaN when empty).</summary>
    public static async Task<double> ValueAsync(this IPage page, string testId)
    {
        string? text = await page.GetAttributeAsync($"[data-testid={testId}]", "data-value");
        return string.IsNullOrEmpty(text) ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the element's value satisfies a JavaScript comparison such as <c>&gt;= 0.95</c>.</summary>
    public static async Task WaitForValueAsync(this IPage page, string testId, string comparison, TimeSpan timeout)
    {
        await page.WaitForFunctionAsync(
            $"() => {{ const e = document.querySelector('[data-testid={testId}]'); return e && e.dataset.value !== '' && parseFloat(e.dataset.value) {comparison}; }}",
            null,
            new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 100 });
    }

    /// <summary>The canvas's pixels as a data URL, to tell whether the picture changed.</summary>
    public static Task<string> CanvasAsync(this IPage page, string id) =>
        page.EvaluateAsync<string>($"() => document.getElementById('{id}').toDataURL()");
}
