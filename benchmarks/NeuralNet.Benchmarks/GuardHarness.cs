using System.Diagnostics;
using System.Numerics;
using NeuralNet.Kernels;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--guard</c> mode: a check, run by CI, that one-thread GEMM and the one-thread training
/// step still run near the machine's FMA ceiling after tiered compilation and PGO have had their
/// say. Exits non-zero when either falls below its floor.
/// </summary>
/// <remarks>
/// <para>
/// The defect it guards against: on the <see cref="Vector{T}"/> path, Tiered PGO once recompiled
/// the GEMM so that a depth step of the micro-kernel became a call inside the hot loop, and
/// one-thread GEMM fell from ~0.9 of the FMA peak to ~0.15 — after the first products, so a short
/// run never saw it. Each phase therefore runs for <see cref="PhaseSeconds"/> (well past the
/// tier-up) and judges only its last third.
/// </para>
/// <para>
/// Figures are ratios, never times: the machine is shared, so the FMA peak (the
/// <see cref="PeakHarness"/> chains, at the width of the process's GEMM micro-kernel) is measured
/// in a short burst before every round of work, and each round's throughput is divided by the
/// peak of its own burst. A neighbour that steals the core slows both alike.
/// </para>
/// </remarks>
internal static class GuardHarness
{
    /// <summary>One-thread GEMM must reach at least this fraction of the FMA peak.</summary>
    public const double GemmFloor = 0.5;

    /// <summary>
    /// The one-thread training step (784-256-128-10, batch 128, Adam) must reach at least this
    /// fraction of its FMA bound (its GEMM flops at the peak rate). See the README of the
    /// benchmarks for how it was chosen.
    /// </summary>
    public const double StepFloor = 0.3;

    /// <summary>How long each phase runs; the cliff used to appear within the first half second.</summary>
    private const double PhaseSeconds = 2.4;

    /// <summary>The fewest rounds judged (those started in the last third of <see cref="PhaseSeconds"/>).</summary>
    private const int MinJudgedRounds = 10;

    /// <summary>A phase stops here even with fewer rounds judged.</summary>
    private const double MaxSeconds = 10;

    /// <summary>The square products' size: large enough for the micro-kernel to dominate, small enough for many calls.</summary>
    private const int Size = 256;

    /// <summary>The training step's batch size.</summary>
    private const int Batch = 128;

    /// <summary>Products per call of the GEMM caller.</summary>
    private const int ProductsPerCall = 4;

    /// <summary>Calls per round: about as long as one peak burst.</summary>
    private const int GemmCallsPerRound = 4;

    /// <summary>Training steps per round: about as long as one peak burst.</summary>
    private const int StepsPerRound = 4;

    /// <summary>The MLP's layer widths, input first.</summary>
    private static readonly int[] Widths = [784, 256, 128, 10];

    public static int Run(TextWriter output)
    {
        GemmPath path = Gemm.Path;
        output.WriteLine($"JIT-cliff guard: GEMM micro-kernel {path}, Vector<float> {Vector<float>.Count} lanes, one thread, .NET {Environment.Version}");
        if (path == GemmPath.Scalar)
        {
            output.WriteLine("No SIMD path in this process: nothing to guard.");
            return 0;
        }

        bool wide = PeakHarness.UsesVector512(path);
        output.WriteLine(
            $"Ratios to the FMA peak of {(wide ? "Vector512<float>" : "Vector<float>")}, measured before every round; " +
            $"medians of the last third of {PhaseSeconds} s");
        int threads = Parallelism.MaxDegreeOfParallelism;
        Parallelism.MaxDegreeOfParallelism = 1;
        try
        {
            // Small callers with a loop, called many times: the shape of the caller (the --gflops
            // harness's) that Tier-1 PGO once recompiled with the whole GEMM inlined, leaving a
            // call in the micro-kernel's depth loop. The forms take turns by round: A·B, Aᵀ·B, A·Bᵀ.
            float[] a = BenchmarkData.Uniform(Size * Size, seed: 1);
            float[] b = BenchmarkData.Uniform(Size * Size, seed: 2);
            float[] c = new float[Size * Size];
            Action[] forms =
            [
                () =>
                {
                    for (int r = 0; r < ProductsPerCall; r++)
                    {
                        Gemm.Multiply(new GemmMatrix(a, Size, Size), new GemmMatrix(b, Size, Size), c);
                    }
                },
                () =>
                {
                    for (int r = 0; r < ProductsPerCall; r++)
                    {
                        Gemm.MultiplyTransposeA(new GemmMatrix(a, Size, Size), new GemmMatrix(b, Size, Size), c);
                    }
                },
                () =>
                {
                    for (int r = 0; r < ProductsPerCall; r++)
                    {
                        Gemm.MultiplyTransposeB(new GemmMatrix(a, Size, Size), new GemmMatrix(b, Size, Size), c);
                    }
                },
            ];
            Action work = forms[0];
            Phase gemm = Measure(wide, ProductsPerCall * 2.0 * Size * Size * Size, GemmCallsPerRound, round => work = forms[round % 3], () => work());
            bool gemmPasses = Report(output, $"GEMM {Size}³ (A·B, Aᵀ·B, A·Bᵀ)", gemm, GemmFloor);

            var (trainer, features, targets) = TrainingStepBenchmarks.Create(Batch, seed: 1);
            Phase step = Measure(wide, StepFlops(Batch), StepsPerRound, _ => { }, () => trainer.TrainBatch(features, targets));
            bool stepPasses = Report(output, $"training step, batch {Batch}, Adam", step, StepFloor);

            return gemmPasses && stepPasses ? 0 : 1;
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = threads;
        }
    }

    /// <summary>
    /// The multiply-add flops of one training step: per layer 2·B·in·out forward and as many for
    /// the weight gradient, and as many again for the input gradient of every layer but the first
    /// (which has none to pass on). Biases, activations, the loss and Adam are ignored: they are a
    /// few flops per element, not per weight and sample.
    /// </summary>
    public static double StepFlops(int batch)
    {
        double flops = 0;
        for (int layer = 0; layer + 1 < Widths.Length; layer++)
        {
            double products = (double)batch * Widths[layer] * Widths[layer + 1];
            flops += 2 * products * (layer == 0 ? 2 : 3);
        }

        return flops;
    }

    /// <summary>
    /// Runs rounds of <paramref name="prepare"/> (given the round's number), a peak burst, then
    /// <paramref name="callsPerRound"/> calls of <paramref name="work"/> for <see cref="PhaseSeconds"/>. Each call is one product or one step:
    /// it is the call count that promotes a caller to Tier 1, so the calls must be many.
    /// </summary>
    private static Phase Measure(bool wide, double flopsPerCall, int callsPerRound, Action<int> prepare, Action work)
    {
        // About one GFLOP per burst: a few milliseconds, like a round of work.
        int iterations = (int)(1e9 / PeakHarness.FlopsPerIteration(wide));
        PeakHarness.Burst(wide, iterations);
        var rounds = new List<(double Start, double Peak, double Rate)>();
        long phaseStart = Stopwatch.GetTimestamp();
        double now;
        // Past PhaseSeconds, go on until the judged window holds enough rounds: on a loaded
        // machine one round can stall for most of a second. MaxSeconds bounds a hopeless case.
        while ((now = Stopwatch.GetElapsedTime(phaseStart).TotalSeconds) < PhaseSeconds
            || (rounds.Count(r => r.Start >= 2 * PhaseSeconds / 3) < MinJudgedRounds && now < MaxSeconds))
        {
            prepare(rounds.Count);
            double peak = PeakHarness.Burst(wide, iterations);
            long start = Stopwatch.GetTimestamp();
            for (int call = 0; call < callsPerRound; call++)
            {
                work();
            }

            double rate = callsPerRound * flopsPerCall / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9;
            rounds.Add((now, peak, rate));
        }

        return new Phase(
            Median(rounds.Where(r => r.Start < PhaseSeconds / 3).Select(r => r.Rate / r.Peak)),
            Median(rounds.Where(r => r.Start >= 2 * PhaseSeconds / 3).Select(r => r.Rate / r.Peak)),
            Median(rounds.Where(r => r.Start >= 2 * PhaseSeconds / 3).Select(r => r.Peak)),
            Median(rounds.Where(r => r.Start >= 2 * PhaseSeconds / 3).Select(r => r.Rate)),
            rounds.Count);
    }

    private static bool Report(TextWriter output, string name, Phase phase, double floor)
    {
        bool passes = phase.LastRatio >= floor;
        output.WriteLine(
            $"  {name,-34} {phase.Rate,7:F1} GFLOP/s of {phase.Peak,6:F1}: ratio {phase.LastRatio:F2} " +
            $"(first third {phase.FirstRatio:F2}, {phase.Rounds} rounds), floor {floor:F2}: {(passes ? "ok" : "FAILED")}");
        return passes;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    /// <summary>A phase's medians: ratio to the peak in its first and last thirds, and the last third's peak and rate in GFLOP/s.</summary>
    private readonly record struct Phase(double FirstRatio, double LastRatio, double Peak, double Rate, int Rounds);
}
