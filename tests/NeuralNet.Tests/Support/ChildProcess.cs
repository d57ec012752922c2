using System.Diagnostics;

namespace NeuralNet.Tests.Support;

/// <summary>Runs a program built beside the tests (<c>dotnet NAME.dll args</c>) as a process of its own.</summary>
internal static class ChildProcess
{
    /// <summary>Runs the program to its end (at most <paramref name="timeout"/>) and returns its exit code and output.</summary>
    public static (int ExitCode, string Output, string Error) Run(string assembly, TimeSpan timeout, params string[] arguments)
    {
        using Process process = Start(assembly, arguments);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{assembly} did not finish within {timeout.TotalSeconds} s.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Starts the program with its output and error redirected; the caller reads, waits for and disposes it.</summary>
    public static Process Start(string assembly, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }
}
