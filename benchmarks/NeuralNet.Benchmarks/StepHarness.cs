using System.Diagnostics;
using System.Globalization;
using NeuralNet.Kernels;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--step</c> mode: the training step of the 784-256-128-10 MLP (softmax + cross-entropy,
/// Adam, the trainer's <c>TrainBatch</c>) at batch 32, 128 and 1 024 on one and two threads, stated
/// as a share of the machine's bound — the step's GEMM flops (1.007 MFLOP per sample) at the FMA peak
/// measured in the same process, once per core used.
/// </summary>
/// <remarks>
/// Each case runs rounds for <see cref="CaseSeconds"/>: a one-thread peak burst (the
/// <see cref="PeakHarness"/> chains at the width of the GEMM micro-kernel), then steps for about as
/// long. A round's ratio is its samples per second × 1.007 MFLOP over (threads × its burst's peak),
/// so a neighbour that slows the core slows both alike; the figure is the median ratio of the rounds
/// after the first third (past the tier-up). Two threads' speed-up is 2 × their ratio over one
/// thread's. The bound assumes the second core is as fast as the first, which the burst does not
/// check.
/// </remarks>
internal static class StepHarness
{
    private const double CaseSeconds = 3;

    public static int Run(TextWriter output, IReadOnlyList<int> batches)
    {
        GemmPath path = Gemm.Path;
        bool wide = PeakHarness.UsesVector512(path);
        output.WriteLine($"Training step against its bound: MLP 784-256-128-10, softmax + CE, Adam; GEMM micro-kernel {path}; {MachineInfo.CpuModel}, {Environment.ProcessorCount} logical processors");
        output.WriteLine($"bound = threads × FMA peak of {(wide ? "Vector512<float>" : "Vector<float>")} (one-thread burst before each round) / {GuardHarness.StepFlops(1) / 1e6:F3} MFLOP per sample");
        output.WriteLine($"load average at start {MachineInfo.LoadAverage}");
        output.WriteLine($"{"batch",5} {"threads",7} {"peak GFLOP/s",12} {"bound/s",9} {"samples/s",10} {"of bound",9} {"2 thr ÷ 1",10}");
        int saved = Parallelism.MaxDegreeOfParallelism;
        try
        {
            foreach (int batch in batches)
            {
                double one = 0;
                foreach (int threads in new[] { 1, 2 })
                {
                    if (threads > Environment.ProcessorCount)
                    {
                        continue;
                    }

                    Parallelism.MaxDegreeOfParallelism = threads;
                    (double ratio, double peak, double samples) = Measure(wide, batch, threads);
                    double bound = threads * peak * 1e9 / GuardHarness.StepFlops(1);
                    string speedUp = threads == 1 ? "" : (threads * ratio / one).ToString("F2", CultureInfo.InvariantCulture);
                    one = threads == 1 ? ratio : one;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{batch,5} {threads,7} {peak,12:F1} {bound,9:F0} {samples,10:F0} {ratio,9:P1} {speedUp,10}"));
                }
            }
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = saved;
        }

        output.WriteLine($"load average at end {MachineInfo.LoadAverage}");
        return 0;
    }

    /// <summary>Median ratio to the bound, median burst peak (GFLOP/s) and median samples per second of the judged rounds.</summary>
    private static (double Ratio, double Peak, double Samples) Measure(bool wide, int batch, int threads)
    {
        var (trainer, features, targets) = TrainingStepBenchmarks.Create(batch, seed: 1);
        double flopsPerStep = GuardHarness.StepFlops(batch);
        int iterations = (int)(1e9 / PeakHarness.FlopsPerIteration(wide));
        PeakHarness.Burst(wide, iterations);

        // Steps per round: about a burst's length (a few ms) at the bound.
        int steps = Math.Max(1, (int)(1e9 / flopsPerStep));
        var rounds = new List<(double Start, double Ratio, double Peak, double Samples)>();
        long begin = Stopwatch.GetTimestamp();
        double now;
        while ((now = Stopwatch.GetElapsedTime(begin).TotalSeconds) < CaseSeconds)
        {
            double peak = PeakHarness.Burst(wide, iterations);
            long start = Stopwatch.GetTimestamp();
            for (int s = 0; s < steps; s++)
            {
                trainer.TrainBatch(features, targets);
            }

            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            double samples = steps * batch / seconds;
            rounds.Add((now, samples * GuardHarness.StepFlops(1) / (threads * peak * 1e9), peak, samples));
        }

        var judged = rounds.Where(r => r.Start >= CaseSeconds / 3).ToArray();
        return (Median(judged.Select(r => r.Ratio)), Median(judged.Select(r => r.Peak)), Median(judged.Select(r => r.Samples)));
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
