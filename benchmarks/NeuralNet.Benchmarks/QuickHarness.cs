using System.Diagnostics;
using NeuralNet.Kernels;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--gflops</c> mode: a plain Stopwatch harness, the median of a few timed runs after a
/// warm-up, for a quick table in a closing note. No process isolation, no outlier analysis, no
/// allocation accounting — the BenchmarkDotNet suites are the authoritative numbers.
/// </summary>
internal static class QuickHarness
{
    private const int Runs = 7;
    private static readonly int[] GemmSizes = [256, 512, 1024];
    private static readonly int[] BatchSizes = [32, 128, 1024];
    private static readonly int[] ThreadCounts = [1, 2];

    public static void Run(TextWriter output)
    {
        output.WriteLine($"Quick harness (Stopwatch, median of {Runs} runs; BenchmarkDotNet results are authoritative)");
        output.WriteLine($"GEMM micro-kernel {Gemm.Path}, {Environment.ProcessorCount} logical processors, .NET {Environment.Version}");
        WritePeak(output);
        output.WriteLine();
        output.WriteLine("Square GEMM, GFLOP/s (2·n³ flops per product)");
        output.WriteLine($"{"n",6} {"threads",8} {"A·B",9} {"Aᵀ·B",9} {"A·Bᵀ",9}");
        foreach (int size in GemmSizes)
        {
            foreach (int threads in ThreadCounts)
            {
                Parallelism.MaxDegreeOfParallelism = threads;
                double flops = 2.0 * size * size * size;
                output.WriteLine(
                    $"{size,6} {threads,8} {Gflops(size, transposeA: false, transposeB: false, flops),9:F1} " +
                    $"{Gflops(size, transposeA: true, transposeB: false, flops),9:F1} {Gflops(size, transposeA: false, transposeB: true, flops),9:F1}");
            }
        }

        output.WriteLine();
        output.WriteLine("Training step, MLP 784-256-128-10 ReLU, softmax + CCE, Adam: samples/s");
        output.WriteLine($"{"batch",6} {"threads",8} {"ms/step",9} {"samples/s",11} {"B/step",8}");
        foreach (int batch in BatchSizes)
        {
            foreach (int threads in ThreadCounts)
            {
                Parallelism.MaxDegreeOfParallelism = threads;
                var (trainer, features, targets) = TrainingStepBenchmarks.Create(batch, seed: 1);
                // Repeat short steps so that each timed run lasts long enough for the Stopwatch.
                int steps = Math.Max(1, 2048 / batch);
                double seconds = MedianSeconds(() =>
                {
                    for (int s = 0; s < steps; s++)
                    {
                        trainer.TrainBatch(features, targets);
                    }
                }) / steps;
                // Process-wide, so that an allocation on a kernel worker thread would show too.
                long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                for (int s = 0; s < steps; s++)
                {
                    trainer.TrainBatch(features, targets);
                }

                double bytesPerStep = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / steps;
                output.WriteLine($"{batch,6} {threads,8} {seconds * 1e3,9:F3} {batch / seconds,11:F0} {bytesPerStep,8:F0}");
            }
        }

        WritePeak(output);
        Parallelism.MaxDegreeOfParallelism = Environment.ProcessorCount;
    }

    /// <summary>
    /// The one-thread FMA peak at the width of this process's micro-kernel (median of 7 bursts),
    /// printed before and after the tables, so that their figures can be read as ratios to it.
    /// </summary>
    private static void WritePeak(TextWriter output)
    {
        bool wide = PeakHarness.UsesVector512(Gemm.Path);
        int iterations = (int)(1e9 / PeakHarness.FlopsPerIteration(wide));
        PeakHarness.Burst(wide, iterations);
        double[] bursts = [.. Enumerable.Range(0, 7).Select(_ => PeakHarness.Burst(wide, iterations)).Order()];
        output.WriteLine($"One-thread FMA peak, {(wide ? "Vector512<float>" : "Vector<float>")}: {bursts[3]:F1} GFLOP/s");
    }

    private static double Gflops(int size, bool transposeA, bool transposeB, double flops)
    {
        var product = PeerGemmShape.Product.Square(size, transposeA, transposeB);
        PeerGemmShape.Operands operands = product.Allocate();
        // Small products are repeated so that a timed run is not dominated by timer resolution.
        int repeats = Math.Max(1, (1024 / size) * (1024 / size));
        double seconds = MedianSeconds(() =>
        {
            for (int r = 0; r < repeats; r++)
            {
                product.RunNeuralNet(operands);
            }
        }) / repeats;
        return flops / seconds / 1e9;
    }

    /// <summary>
    /// Warms <paramref name="action"/> up, then returns the median of <see cref="Runs"/> timings.
    /// </summary>
    /// <remarks>
    /// The warm-up lasts at least half a second: tiered compilation promotes a method to optimised
    /// code only after 30 calls and a background delay, and the kernels carry no
    /// AggressiveOptimization, so timing the first calls would measure tier-0 code. Each action
    /// calls the inner kernels many times, so half a second is enough for them to tier up.
    /// </remarks>
    private static double MedianSeconds(Action action)
    {
        long warmUpStart = Stopwatch.GetTimestamp();
        do
        {
            action();
        }
        while (Stopwatch.GetElapsedTime(warmUpStart).TotalSeconds < 0.5);

        double[] times = new double[Runs];
        for (int i = 0; i < Runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(times);
        return times[Runs / 2];
    }
}
