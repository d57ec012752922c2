using System.Diagnostics;
using System.Globalization;
using NeuralNet.Kernels;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Training;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--profile</c> mode: where a training step of the 784-256-128-10 MLP spends its time —
/// gathering the shuffled batch, forward pass (to the softmax's output), the loss (cross-entropy from
/// the logits and the fused softmax + CE gradient), backward pass (writing the gradients, as the
/// trainer's step does) and the Adam update — as medians over many steps, per batch size and thread count.
/// </summary>
/// <remarks>
/// The gather is the trainer's own (<see cref="Trainer.GatherRows"/>, features then one-hot
/// targets) from a dataset the size of Fashion-MNIST's training split (60 000 × 784 floats, 188 MB,
/// far beyond the caches, as in a real epoch) in a seeded shuffled order, each step taking the next
/// rows of that order. The column "row by row" times, in the same steps, the gather as it was
/// before it copied four rows side by side (<see cref="RowGather"/>'s scalar path: one
/// <c>CopyTo</c> per row) on other rows of the order, half the dataset away, so that neither finds
/// the other's rows in the caches; it is not part of the step's total.
/// </remarks>
internal static class ProfileHarness
{
    private const int Steps = 200;
    private const int DatasetRows = 60_000;

    public static void Run(TextWriter output)
    {
        var features = new Tensor(BenchmarkData.Uniform(DatasetRows * 784, 6), DatasetRows, 784);
        var targets = new Tensor(DatasetRows, 10);
        int[] order = [.. Enumerable.Range(0, DatasetRows)];
        new Random(7).Shuffle(order);
        for (int r = 0; r < DatasetRows; r++)
        {
            targets[r, r % 10] = 1f;
        }

        output.WriteLine($"Training-step profile, MLP 784-256-128-10 ReLU, softmax + CE, Adam; median µs over {Steps} steps; GEMM path {Gemm.Path}");
        output.WriteLine($"load average at start {MachineInfo.LoadAverage}");
        output.WriteLine($"{"batch",5} {"threads",7} {"gather",9} {"forward",9} {"loss",9} {"backward",9} {"adam",9} {"total",9} {"gather %",9} {"GEMM GFLOP/s",13} {"row by row",11}");
        foreach (int threads in new[] { 1, 2 })
        {
            foreach (int batch in new[] { 32, 128, 1024 })
            {
                Parallelism.MaxDegreeOfParallelism = threads;
                Profile(output, batch, threads, features, targets, order);
            }
        }

        output.WriteLine($"load average at end {MachineInfo.LoadAverage}");

        Parallelism.MaxDegreeOfParallelism = Environment.ProcessorCount;
    }

    private static void Profile(TextWriter output, int batch, int threads, Tensor features, Tensor targets, int[] order)
    {
        var model = new Sequential(
            new Dense(784, 256, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(256, 128, WeightInitialization.He, seed: 2), new ReLU(),
            new Dense(128, 10, WeightInitialization.He, seed: 3), new Softmax());
        var x = new Tensor(batch, 784);
        var y = new Tensor(batch, 10);
        var referenceX = new Tensor(batch, 784);
        var referenceY = new Tensor(batch, 10);
        var gradient = new Tensor(batch, 10);
        ILogitLoss loss = new CategoricalCrossEntropy();
        var adam = new Adam(learningRate: 1e-3f);
        int hidden = model.Layers.Count - 1; // every layer but the softmax, which the loss fuses
        double[][] phases = [new double[Steps], new double[Steps], new double[Steps], new double[Steps], new double[Steps], new double[Steps]];
        int next = 0;
        for (int step = -20; step < Steps; step++)
        {
            if (next + batch > order.Length)
            {
                next = 0;
            }

            long tg = Stopwatch.GetTimestamp();
            Trainer.GatherRows(features, order.AsSpan(next, batch), x);
            Trainer.GatherRows(targets, order.AsSpan(next, batch), y);
            next += batch;
            long t0 = Stopwatch.GetTimestamp();
            Tensor logits = model.Forward(x, hidden);
            Tensor probabilities = model.Layers[hidden].Forward(logits);
            long t1 = Stopwatch.GetTimestamp();
            Sink += loss.ComputeFromLogits(logits, y);
            loss.LogitGradientFromOutputs(probabilities, y, gradient);
            long t2 = Stopwatch.GetTimestamp();
            model.Backward(gradient, hidden, replaceGradients: true);
            long t3 = Stopwatch.GetTimestamp();
            adam.Step(model.Parameters);
            long t4 = Stopwatch.GetTimestamp();
            int away = (next + (order.Length / 2)) % (order.Length - batch);
            RowGather.Gather(features.AsSpan(), 784, order.AsSpan(away, batch), referenceX.AsSpan(), vectorized: false);
            RowGather.Gather(targets.AsSpan(), 10, order.AsSpan(away, batch), referenceY.AsSpan(), vectorized: false);
            long t5 = Stopwatch.GetTimestamp();
            if (step >= 0)
            {
                phases[0][step] = Microseconds(t1 - t0);
                phases[1][step] = Microseconds(t2 - t1);
                phases[2][step] = Microseconds(t3 - t2);
                phases[3][step] = Microseconds(t4 - t3);
                phases[4][step] = Microseconds(t0 - tg);
                phases[5][step] = Microseconds(t5 - t4);
            }
        }

        double[] medians = [.. phases.Select(Median)];
        double total = medians[..5].Sum();
        double gatherShare = medians[4] / total;
        // Forward 2·234 752 and backward 2·234 752 + 2·34 048 flops per sample are GEMM work.
        double gemmFlops = batch * ((4.0 * 234_752) + (2.0 * 34_048));
        double gemmSeconds = (medians[0] + medians[2]) * 1e-6;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{batch,5} {threads,7} {medians[4],9:F1} {medians[0],9:F0} {medians[1],9:F0} {medians[2],9:F0} {medians[3],9:F0} {total,9:F0} {gatherShare,9:P1} {gemmFlops / gemmSeconds / 1e9,13:F1} {medians[5],11:F1}"));
    }

    /// <summary>Keeps the loss values alive, so that their computation is not optimised away.</summary>
    private static float Sink { get; set; }

    private static double Microseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        return sorted[sorted.Length / 2];
    }
}
