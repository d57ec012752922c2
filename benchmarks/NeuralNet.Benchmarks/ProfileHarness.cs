using System.Diagnostics;
using System.Globalization;
using NeuralNet.Kernels;
using NeuralNet.Layers;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--profile</c> mode: where a training step of the 784-256-128-10 MLP spends its time —
/// forward pass, clearing gradients, backward pass (fused softmax + CE gradient onward) and the
/// Adam update — as medians over many steps, per batch size and thread count.
/// </summary>
internal static class ProfileHarness
{
    private const int Steps = 200;

    public static void Run(TextWriter output)
    {
        output.WriteLine($"Training-step profile, MLP 784-256-128-10 ReLU, softmax + CE, Adam; median µs over {Steps} steps; GEMM path {Gemm.Path}");
        output.WriteLine($"{"batch",5} {"threads",7} {"forward",9} {"zero grad",9} {"backward",9} {"adam",9} {"total",9} {"GEMM GFLOP/s",13}");
        foreach (int threads in new[] { 1, 2 })
        {
            foreach (int batch in new[] { 32, 128, 1024 })
            {
                Parallelism.MaxDegreeOfParallelism = threads;
                Profile(output, batch, threads);
            }
        }

        Parallelism.MaxDegreeOfParallelism = Environment.ProcessorCount;
    }

    private static void Profile(TextWriter output, int batch, int threads)
    {
        var model = new Sequential(
            new Dense(784, 256, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(256, 128, WeightInitialization.He, seed: 2), new ReLU(),
            new Dense(128, 10, WeightInitialization.He, seed: 3), new Softmax());
        var x = new Tensor(BenchmarkData.Uniform(batch * 784, 4), batch, 784);
        // A stand-in for the fused (p − t)/rows gradient: backward's cost does not depend on its values.
        var gradient = new Tensor(BenchmarkData.Uniform(batch * 10, 5), batch, 10);
        var adam = new Adam(learningRate: 1e-3f);
        double[][] phases = [new double[Steps], new double[Steps], new double[Steps], new double[Steps]];
        for (int step = -20; step < Steps; step++)
        {
            long t0 = Stopwatch.GetTimestamp();
            model.Forward(x);
            long t1 = Stopwatch.GetTimestamp();
            model.ZeroGradients();
            long t2 = Stopwatch.GetTimestamp();
            model.Backward(gradient, layers: model.Layers.Count - 1);
            long t3 = Stopwatch.GetTimestamp();
            adam.Step(model.Parameters);
            long t4 = Stopwatch.GetTimestamp();
            if (step >= 0)
            {
                phases[0][step] = Microseconds(t1 - t0);
                phases[1][step] = Microseconds(t2 - t1);
                phases[2][step] = Microseconds(t3 - t2);
                phases[3][step] = Microseconds(t4 - t3);
            }
        }

        double[] medians = [.. phases.Select(Median)];
        double total = medians.Sum();
        // Forward 2·234 752 and backward 2·234 752 + 2·34 048 flops per sample are GEMM work.
        double gemmFlops = batch * ((4.0 * 234_752) + (2.0 * 34_048));
        double gemmSeconds = (medians[0] + medians[2]) * 1e-6;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{batch,5} {threads,7} {medians[0],9:F0} {medians[1],9:F0} {medians[2],9:F0} {medians[3],9:F0} {total,9:F0} {gemmFlops / gemmSeconds / 1e9,13:F1}"));
    }

    private static double Microseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        return sorted[sorted.Length / 2];
    }
}
