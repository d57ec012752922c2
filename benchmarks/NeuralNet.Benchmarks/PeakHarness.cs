using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--peak</c> mode: the machine's fused-multiply-add ceiling for <see cref="Vector{T}"/>,
/// measured with twelve independent accumulator chains and no memory traffic, on one thread and on
/// every logical processor at once. GEMM efficiency in BENCHMARKS.md is quoted against this.
/// </summary>
internal static class PeakHarness
{
    private const int Iterations = 50_000_000;

    public static void Run()
    {
        Console.WriteLine($"FMA peak, Vector<float> ({Vector<float>.Count} lanes), 12 accumulators, median of 7 runs");
        Console.WriteLine($"  1 thread : {Median(() => Measure(1)):F1} GFLOP/s");
        int threads = Environment.ProcessorCount;
        Console.WriteLine($"  {threads} threads: {Median(() => Measure(threads)):F1} GFLOP/s");
    }

    private static double Median(Func<double> measure)
    {
        measure();
        double[] runs = [.. Enumerable.Range(0, 7).Select(_ => measure())];
        Array.Sort(runs);
        return runs[3];
    }

    private static double Measure(int threads)
    {
        var stopwatch = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Chains());
        double flops = (double)threads * Iterations * 12 * 2 * Vector<float>.Count;
        return flops / stopwatch.Elapsed.TotalSeconds / 1e9;
    }

    // Fully optimised from the first call: the single long loop would otherwise run as
    // on-stack-replacement code, which keeps the accumulators in memory.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Chains()
    {
        var x = new Vector<float>(1.0000001f);
        var y = new Vector<float>(0.9999999f);
        Vector<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (int i = 0; i < Iterations; i++)
        {
            c0 = Vector.FusedMultiplyAdd(x, y, c0);
            c1 = Vector.FusedMultiplyAdd(x, y, c1);
            c2 = Vector.FusedMultiplyAdd(x, y, c2);
            c3 = Vector.FusedMultiplyAdd(x, y, c3);
            c4 = Vector.FusedMultiplyAdd(x, y, c4);
            c5 = Vector.FusedMultiplyAdd(x, y, c5);
            c6 = Vector.FusedMultiplyAdd(x, y, c6);
            c7 = Vector.FusedMultiplyAdd(x, y, c7);
            c8 = Vector.FusedMultiplyAdd(x, y, c8);
            c9 = Vector.FusedMultiplyAdd(x, y, c9);
            c10 = Vector.FusedMultiplyAdd(x, y, c10);
            c11 = Vector.FusedMultiplyAdd(x, y, c11);
        }

        return Vector.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
