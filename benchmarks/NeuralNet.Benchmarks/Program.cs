// Entry point of the benchmarks. BenchmarkDotNet suites (the authoritative numbers):
//   dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --filter '*Gemm*'
// A quick Stopwatch harness for a closing note (indicative only):
//   dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --gflops
// Ours beside OpenBLAS, one process, one table (indicative only):
//   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --peers
// Where a training step's time goes (forward, zeroing, backward, Adam):
//   dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --profile
// The machine's FMA ceiling for Vector<float>, the reference for GEMM efficiency:
//   dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --peak
// The JIT-cliff guard CI runs: one-thread GEMM and training step as ratios to that ceiling, past tier-up:
//   dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --guard
// This build's training step against another build's (e.g. the commit before a refactoring), one process:
//   dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --compare /path/to/other/NeuralNet.dll
// The same for one-thread Sequential.Predict (1, 32 and 4096 rows):
//   dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --compare-predict /path/to/other/NeuralNet.dll
// Predict against ONNX Runtime on the model we export (MLP and digits, batch 1/32/1024, 1 and 2 threads), one process:
//   dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --ort [--no-spin]
// Loading Fashion-MNIST alone, against bare GZipStream decompression and the other raw pieces, one process:
//   dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --load [--runs N] [--threads N] [--data DIR] [--compare OTHER.dll]
// Fashion-MNIST end to end, 5 epochs (all thread counts, or one with --threads N):
//   dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --fashion [--threads N] [--data DIR]
using System.Globalization;
using BenchmarkDotNet.Running;
using NeuralNet.Benchmarks;

if (args.Contains("--gflops", StringComparer.Ordinal))
{
    QuickHarness.Run(Console.Out);
    return 0;
}

if (args.Contains("--load", StringComparer.Ordinal))
{
    string? runs = OptionValue(args, "--runs");
    string? threads = OptionValue(args, "--threads");
    int rounds = 9, threadCount = 1;
    if ((runs is not null && !(int.TryParse(runs, NumberStyles.None, CultureInfo.InvariantCulture, out rounds) && rounds >= 1))
        || (threads is not null && !(int.TryParse(threads, NumberStyles.None, CultureInfo.InvariantCulture, out threadCount) && threadCount >= 1)))
    {
        Console.Error.WriteLine("--runs and --threads expect positive integers.");
        return 2;
    }

    return LoadHarness.Run(Console.Out, OptionValue(args, "--data") ?? FashionHarness.DefaultDirectory, rounds, threadCount, OptionValue(args, "--compare"));
}

if (args.Contains("--step", StringComparer.Ordinal))
{
    return StepHarness.Run(Console.Out, [32, 128, 1024]);
}

if (args.Contains("--profile", StringComparer.Ordinal))
{
    ProfileHarness.Run(Console.Out);
    return 0;
}

if (args.Contains("--peak", StringComparer.Ordinal))
{
    PeakHarness.Run();
    return 0;
}

if (args.Contains("--compare", StringComparer.Ordinal))
{
    return BuildComparisonHarness.Run(Console.Out, OptionValue(args, "--compare") ?? "");
}

if (args.Contains("--compare-predict", StringComparer.Ordinal))
{
    return PredictComparisonHarness.Run(Console.Out, OptionValue(args, "--compare-predict") ?? "");
}

if (args.Contains("--ort", StringComparer.Ordinal))
{
    InferencePair.SpinningAllowed = !args.Contains("--no-spin", StringComparer.Ordinal);
    return OrtHarness.Run(Console.Out);
}

if (args.Contains("--guard", StringComparer.Ordinal))
{
    return GuardHarness.Run(Console.Out);
}

if (args.Contains("--peers", StringComparer.Ordinal))
{
    PeersHarness.Run(Console.Out);
    return 0;
}

if (args.Contains("--fashion", StringComparer.Ordinal))
{
    string? threads = OptionValue(args, "--threads");
    int[] threadCounts = threads is null
        ? [1, 2]
        : int.TryParse(threads, NumberStyles.None, CultureInfo.InvariantCulture, out int t) && t >= 1
            ? [t]
            : [];
    if (threadCounts.Length == 0)
    {
        Console.Error.WriteLine($"--threads expects a positive integer, got '{threads}'.");
        return 2;
    }

    string? seedText = OptionValue(args, "--seeds");
    int seeds = 1;
    if (seedText is not null && !(int.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out seeds) && seeds >= 1))
    {
        Console.Error.WriteLine($"--seeds expects a positive integer, got '{seedText}'.");
        return 2;
    }

    return FashionHarness.Run(Console.Out, OptionValue(args, "--data") ?? FashionHarness.DefaultDirectory, threadCounts, seeds);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

// The value after an option ("--threads 2"), or null when the option is absent or last.
static string? OptionValue(string[] args, string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
