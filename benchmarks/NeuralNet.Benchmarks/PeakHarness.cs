using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NeuralNet.Kernels;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--peak</c> mode: the machine's fused-multiply-add ceiling for <see cref="Vector{T}"/>
/// (and for <see cref="Vector512{T}"/> where it is accelerated), measured with twelve independent
/// accumulator chains and no memory traffic, on one thread and on every logical processor at once.
/// GEMM efficiency in BENCHMARKS.md is quoted against this; the <c>--guard</c> mode reuses it.
/// </summary>
/// <remarks>
/// Which width is "the" peak depends on the core: where 512-bit FMAs issue at full rate (Zen 5),
/// the <see cref="Vector512{T}"/> ceiling is twice the 256-bit one; where they are split in two
/// (Zen 4), the two are equal. A GEMM is compared with the ceiling of the width its micro-kernel
/// uses (<see cref="UsesVector512"/>).
/// </remarks>
internal static class PeakHarness
{
    private const int Iterations = 50_000_000;

    /// <summary>Where a burst's result goes, so that the chains are never dead code.</summary>
    private static float s_sink;

    public static void Run()
    {
        Console.WriteLine($"FMA peak, Vector<float> ({Vector<float>.Count} lanes), 12 accumulators, median of 7 runs");
        Report(wide: false);
        if (Vector512.IsHardwareAccelerated)
        {
            Console.WriteLine("FMA peak, Vector512<float> (16 lanes), 12 accumulators, median of 7 runs");
            Report(wide: true);
        }
    }

    /// <summary>
    /// Whether the micro-kernel of <paramref name="path"/> works on <see cref="Vector512{T}"/>
    /// (true) or on <see cref="Vector{T}"/> (false), i.e. which ceiling it is held to.
    /// </summary>
    public static bool UsesVector512(GemmPath path) => path == GemmPath.Vector512;

    /// <summary>
    /// GFLOP/s of one timed burst of <paramref name="iterations"/> steps of twelve FMA chains on the
    /// calling thread, on <see cref="Vector512{T}"/> when <paramref name="wide"/> is set, else on
    /// <see cref="Vector{T}"/>.
    /// </summary>
    public static double Burst(bool wide, int iterations)
    {
        long start = Stopwatch.GetTimestamp();
        s_sink = wide ? Chains512(iterations) : Chains(iterations);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return FlopsPerIteration(wide) * iterations / seconds / 1e9;
    }

    /// <summary>The floating-point operations of one iteration: twelve FMAs, two flops per lane.</summary>
    public static double FlopsPerIteration(bool wide) => 12.0 * 2 * (wide ? Vector512<float>.Count : Vector<float>.Count);

    private static void Report(bool wide)
    {
        Console.WriteLine($"  1 thread : {Median(() => Measure(1, wide)):F1} GFLOP/s");
        int threads = Environment.ProcessorCount;
        Console.WriteLine($"  {threads} threads: {Median(() => Measure(threads, wide)):F1} GFLOP/s");
    }

    private static double Median(Func<double> measure)
    {
        measure();
        double[] runs = [.. Enumerable.Range(0, 7).Select(_ => measure())];
        Array.Sort(runs);
        return runs[3];
    }

    private static double Measure(int threads, bool wide)
    {
        var stopwatch = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            if (wide)
            {
                Chains512(Iterations);
            }
            else
            {
                Chains(Iterations);
            }
        });
        double flops = threads * FlopsPerIteration(wide) * Iterations;
        return flops / stopwatch.Elapsed.TotalSeconds / 1e9;
    }

    // Fully optimised from the first call: the single long loop would otherwise run as
    // on-stack-replacement code, which keeps the accumulators in memory. Never inlined: a Tier-1
    // caller that inlined it once found the result unused and removed the whole loop.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains(int iterations)
    {
        var x = new Vector<float>(1.0000001f);
        var y = new Vector<float>(0.9999999f);
        Vector<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (int i = 0; i < iterations; i++)
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

    /// <summary>The same chains on <see cref="Vector512{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(int iterations)
    {
        Vector512<float> x = Vector512.Create(1.0000001f);
        Vector512<float> y = Vector512.Create(0.9999999f);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(x, y, c0);
            c1 = Vector512.FusedMultiplyAdd(x, y, c1);
            c2 = Vector512.FusedMultiplyAdd(x, y, c2);
            c3 = Vector512.FusedMultiplyAdd(x, y, c3);
            c4 = Vector512.FusedMultiplyAdd(x, y, c4);
            c5 = Vector512.FusedMultiplyAdd(x, y, c5);
            c6 = Vector512.FusedMultiplyAdd(x, y, c6);
            c7 = Vector512.FusedMultiplyAdd(x, y, c7);
            c8 = Vector512.FusedMultiplyAdd(x, y, c8);
            c9 = Vector512.FusedMultiplyAdd(x, y, c9);
            c10 = Vector512.FusedMultiplyAdd(x, y, c10);
            c11 = Vector512.FusedMultiplyAdd(x, y, c11);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
