using System.Diagnostics;
using System.Numerics;
using System.Runtime.Intrinsics;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Playground.Configuration;
using NeuralNet.Playground.Problems;
using NeuralNet.Tensors;
using NeuralNet.Training;

namespace NeuralNet.Playground.Sessions;

/// <summary>
/// Training steps per second for fixed networks, the same code in the browser (the page's benchmark
/// tab) and natively (the browser tests run it in their own process), so the two figures compare the
/// runtimes and nothing else.
/// </summary>
public static class StepBenchmark
{
    /// <summary>The cases: the page's default XOR network, the spiral network of the browser test, and the README's digits MLP.</summary>
    public static IReadOnlyList<string> Cases { get; } = ["xor 2-8-8-1 batch 10", "spiral 2-16-16-16-2 batch 10", "digits 64-128-10 batch 32"];

    /// <summary>What the runtime offers the kernels: SIMD acceleration, vector width, processors.</summary>
    /// <returns>One line, e.g. <c>Vector.IsHardwareAccelerated=True Vector&lt;float&gt;.Count=4 …</c>.</returns>
    public static string Machine() =>
        $"Vector.IsHardwareAccelerated={Vector.IsHardwareAccelerated} Vector<float>.Count={Vector<float>.Count} " +
        $"Vector128.IsHardwareAccelerated={Vector128.IsHardwareAccelerated} ProcessorCount={Environment.ProcessorCount} " +
        $"OS={System.Runtime.InteropServices.RuntimeInformation.OSDescription} Framework={System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";

    /// <summary>Times <paramref name="steps"/> training steps of a case after a warm-up of a tenth as many.</summary>
    /// <param name="index">The case, an index into <see cref="Cases"/>.</param>
    /// <param name="steps">Steps to time.</param>
    /// <returns>Steps per second and samples per second.</returns>
    public static (double StepsPerSecond, double SamplesPerSecond) Run(int index, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        (Trainer trainer, Tensor x, Tensor y) = Create(index);
        for (int i = 0; i < Math.Max(steps / 10, 1); i++)
        {
            trainer.TrainBatch(x, y);
        }

        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < steps; i++)
        {
            trainer.TrainBatch(x, y);
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (steps / seconds, steps * x.Rows / seconds);
    }

    private static (Trainer Trainer, Tensor X, Tensor Y) Create(int index)
    {
        switch (index)
        {
            case 0:
            case 1:
            {
                var settings = new PlaygroundSettings
                {
                    Problem = index == 0 ? ToyProblem.Xor : ToyProblem.Spiral,
                    HiddenLayers = index == 0 ? [8, 8] : [16, 16, 16],
                    Output = index == 0 ? OutputKind.Sigmoid : OutputKind.Softmax,
                };
                (Tensor features, float[] targets) = ToyData.Generate(settings.Problem, 10, 0, seed: 1);
                Dataset data = ToyData.ToDataset(features, targets, oneHot: index == 1);
                Sequential model = NetworkFactory.CreateNetwork(settings, data);
                var trainer = new Trainer(model, NetworkFactory.CreateLoss(settings), NetworkFactory.CreateOptimizer(settings));
                return (trainer, data.Features, data.Targets);
            }

            case 2:
            {
                Dataset digits = Datasets.Digits();
                var model = new Sequential(new Dense(64, 128, WeightInitialization.He, seed: 1), new ReLU(), new Dense(128, 10, seed: 2), new Softmax());
                var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(1e-3f));
                Dataset batch = digits.Subset([.. Enumerable.Range(0, 32)]);
                return (trainer, batch.Features, batch.Targets);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(index), index, "Unknown benchmark case.");
        }
    }
}
