// Entry point of the benchmarks. BenchmarkDotNet suites (the authoritative numbers):
//   dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --filter '*Gemm*'
// A quick Stopwatch harness for a closing note (indicative only):
//   dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --gflops
using BenchmarkDotNet.Running;
using NeuralNet.Benchmarks;

if (args.Contains("--gflops", StringComparer.Ordinal))
{
    QuickHarness.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
