using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--compare OTHER.dll</c> mode: the one-thread training step of this build's library and of
/// another build of it (say, the commit before a refactoring), loaded side by side in one process
/// and timed in alternating rounds, so that the machine's drift and noise fall on both alike. Reports
/// the median over rounds of the per-round time ratio, this build to the other.
/// </summary>
/// <remarks>
/// Both libraries are driven through the public API by reflection (they are different assemblies
/// with the same type names), each from its own <see cref="AssemblyLoadContext"/>. The reflection
/// call costs a microsecond or so per step, the same for both, against steps of 0.3–10 ms.
/// </remarks>
internal static class BuildComparisonHarness
{
    private const int Rounds = 31;
    private static readonly int[] Batches = [32, 128, 1024];

    public static int Run(TextWriter output, string otherPath)
    {
        if (!File.Exists(otherPath))
        {
            output.WriteLine($"--compare expects the path of another build's NeuralNet.dll; '{otherPath}' does not exist.");
            return 2;
        }

        string thisPath = typeof(NeuralNet.Layers.Sequential).Assembly.Location;
        output.WriteLine("Training step 784-256-128-10 ReLU, softmax + CCE, Adam, one thread; alternating rounds, medians");
        output.WriteLine($"this build:  {thisPath}");
        output.WriteLine($"other build: {otherPath}");
        output.WriteLine($"{"batch",6} {"this ms",9} {"other ms",9} {"this/other",11}");
        foreach (int batch in Batches)
        {
            Func<float> mine = StepOf(Load(thisPath, "this"), batch);
            Func<float> theirs = StepOf(Load(otherPath, "other"), batch);
            int steps = Math.Max(2, 4096 / batch);
            var times = new List<double>[] { [], [] };
            var ratios = new List<double>();
            for (int round = -3; round < Rounds; round++)
            {
                double a = 0, b = 0;
                // Who goes first alternates, so a warming cache or a turbo step cannot favour one side.
                if ((round & 1) == 0)
                {
                    a = Time(mine, steps);
                    b = Time(theirs, steps);
                }
                else
                {
                    b = Time(theirs, steps);
                    a = Time(mine, steps);
                }

                if (round >= 0)
                {
                    times[0].Add(a);
                    times[1].Add(b);
                    ratios.Add(a / b);
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{batch,6} {Median(times[0]),9:F3} {Median(times[1]),9:F3} {Median(ratios),11:F3}"));
        }

        return 0;
    }

    internal static Assembly Load(string path, string name) =>
        new AssemblyLoadContext(name, isCollectible: false).LoadFromAssemblyPath(Path.GetFullPath(path));

    /// <summary>Builds the network, data and trainer in <paramref name="library"/>; returns one step.</summary>
    private static Func<float> StepOf(Assembly library, int batch)
    {
        Type Get(string name) => library.GetType(name, throwOnError: true)!;
        Get("NeuralNet.Kernels.Parallelism").GetProperty("MaxDegreeOfParallelism")!.SetValue(null, 1);
        Type layer = Get("NeuralNet.Layers.Layer"), init = Get("NeuralNet.Layers.WeightInitialization");
        object He = Enum.Parse(init, "He"), glorot = Enum.Parse(init, "Glorot");
        object Dense(int inputs, int outputs, object how, int seed) =>
            Activator.CreateInstance(Get("NeuralNet.Layers.Dense"), inputs, outputs, how, seed)!;
        var layers = Array.CreateInstance(layer, 6);
        layers.SetValue(Dense(784, 256, He, 1), 0);
        layers.SetValue(Activator.CreateInstance(Get("NeuralNet.Layers.ReLU")), 1);
        layers.SetValue(Dense(256, 128, He, 2), 2);
        layers.SetValue(Activator.CreateInstance(Get("NeuralNet.Layers.ReLU")), 3);
        layers.SetValue(Dense(128, 10, glorot, 3), 4);
        layers.SetValue(Activator.CreateInstance(Get("NeuralNet.Layers.Softmax")), 5);
        object model = Activator.CreateInstance(Get("NeuralNet.Layers.Sequential"), [layers])!;
        object adam = Activator.CreateInstance(Get("NeuralNet.Optimizers.Adam"), 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false)!;
        object loss = Activator.CreateInstance(Get("NeuralNet.Losses.CategoricalCrossEntropy"))!;
        object trainer = Activator.CreateInstance(Get("NeuralNet.Training.Trainer"), model, loss, adam)!;

        float[,] x = new float[batch, 784], y = new float[batch, 10];
        var random = new Random(4);
        for (int r = 0; r < batch; r++)
        {
            for (int c = 0; c < 784; c++)
            {
                x[r, c] = random.NextSingle();
            }

            y[r, r % 10] = 1f;
        }

        MethodInfo fromArray = Get("NeuralNet.Tensors.Tensor").GetMethod("FromArray")!;
        object features = fromArray.Invoke(null, [x])!, targets = fromArray.Invoke(null, [y])!;
        MethodInfo trainBatch = trainer.GetType().GetMethod("TrainBatch")!;
        object[] arguments = [features, targets];
        return () => (float)trainBatch.Invoke(trainer, arguments)!;
    }

    private static double Time(Func<float> step, int steps)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < steps; i++)
        {
            step();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / steps;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
