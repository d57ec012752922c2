using System.Diagnostics;
using NeuralNet.Kernels;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--peers</c> mode: ours and OpenBLAS on the same GEMMs (<see cref="PeerGemmShape.All"/>,
/// every form, 1 and 2 threads) in one process and one table, as the median GFLOP/s of
/// <see cref="Runs"/> timed runs after a warm-up. Indicative, like <c>--gflops</c>; the
/// <see cref="OpenBlasGemmBenchmarks"/> suite is the authoritative comparison.
/// </summary>
/// <remarks>
/// Both libraries keep worker threads that spin for a while after a call returns. Each measurement
/// therefore starts with a pause and its own warm-up, so that one library's spinning workers do not
/// steal the cores the other is being timed on.
/// </remarks>
internal static class PeersHarness
{
    private const int Runs = 9;
    private const double WarmUpSeconds = 0.5;
    private const double RunSeconds = 0.05;
    private static readonly int[] ThreadCounts = [1, 2];

    public static void Run(TextWriter output)
    {
        output.WriteLine($"Peers harness: NeuralNet vs OpenBLAS SGEMM, median of {Runs} timed runs (~{RunSeconds * 1e3:F0} ms each) after a {WarmUpSeconds} s warm-up");
        output.WriteLine($"CPU: {MachineInfo.CpuModel}, {Environment.ProcessorCount} logical processors, .NET {Environment.Version}");
        output.WriteLine($"NeuralNet GEMM micro-kernel: {Gemm.Path}");
        output.WriteLine(OpenBlas.Describe());
        output.WriteLine($"load average at start: {MachineInfo.LoadAverage}");
        output.WriteLine();
        output.WriteLine("GFLOP/s (2·m·n·k per product); ratio = ours / OpenBLAS (above 1: ours faster)");
        output.WriteLine($"{"shape",-14} {"threads",7} {"form",6} {"NeuralNet",10} {"OpenBLAS",10} {"ratio",7}");

        foreach (PeerGemmShape shape in PeerGemmShape.All)
        {
            foreach (int threads in ThreadCounts)
            {
                Parallelism.MaxDegreeOfParallelism = threads;
                if (OpenBlas.IsAvailable)
                {
                    OpenBlas.SetThreads(threads);
                }

                for (int form = 0; form < shape.Forms.Count; form++)
                {
                    PeerGemmShape.Product product = shape.Forms[form];
                    PeerGemmShape.Operands operands = product.Allocate();
                    double ours = shape.Flops / MedianSeconds(() => product.RunNeuralNet(operands)) / 1e9;
                    string theirs = "—", ratio = "—";
                    if (OpenBlas.IsAvailable)
                    {
                        double openBlas = shape.Flops / MedianSeconds(() => product.RunOpenBlas(operands)) / 1e9;
                        theirs = openBlas.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
                        ratio = (ours / openBlas).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
                    }

                    output.WriteLine($"{shape.Name,-14} {threads,7} {PeerGemmShape.FormNames[form],6} {ours,10:F1} {theirs,10} {ratio,7}");
                }
            }
        }

        output.WriteLine();
        output.WriteLine($"load average at end: {MachineInfo.LoadAverage}");
        Parallelism.MaxDegreeOfParallelism = Environment.ProcessorCount;
    }

    /// <summary>
    /// The median time of one call: a pause, a warm-up that also calibrates how many calls make a
    /// run of about <see cref="RunSeconds"/>, then <see cref="Runs"/> timed runs.
    /// </summary>
    /// <remarks>
    /// The warm-up lasts long enough for tiered compilation to promote the kernels to optimised
    /// code (30 calls and a background delay) and for the other library's workers to go idle.
    /// </remarks>
    private static double MedianSeconds(Action call)
    {
        Thread.Sleep(200);
        long calls = 0;
        long warmUpStart = Stopwatch.GetTimestamp();
        double elapsed;
        do
        {
            call();
            calls++;
            elapsed = Stopwatch.GetElapsedTime(warmUpStart).TotalSeconds;
        }
        while (elapsed < WarmUpSeconds);

        int repeats = (int)Math.Clamp(calls * RunSeconds / elapsed, 1, int.MaxValue);
        double[] times = new double[Runs];
        for (int i = 0; i < Runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < repeats; r++)
            {
                call();
            }

            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds / repeats;
        }

        Array.Sort(times);
        return times[Runs / 2];
    }
}
