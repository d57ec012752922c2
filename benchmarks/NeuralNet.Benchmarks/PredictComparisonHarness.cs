using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--compare-predict OTHER.dll</c> mode: one-thread <c>Sequential.Predict</c> of this build
/// and of another build, loaded side by side in one process (as <see cref="BuildComparisonHarness"/>
/// does for the training step) and timed in alternating rounds on a 784-256-128-10 ReLU/softmax MLP
/// for 1, 32 and 4096 rows. Reports the medians over rounds, the median per-round ratio, this to
/// other, and the bytes each build allocates per call (a large-object-heap chunk shows up here).
/// </summary>
/// <remarks>Both builds are driven by reflection; the call costs well under a microsecond, the same for both.</remarks>
internal static class PredictComparisonHarness
{
    private const int Rounds = 31;
    private static readonly (int Rows, int Calls)[] Cases = [(1, 400), (32, 40), (4096, 2)];

    public static int Run(TextWriter output, string otherPath)
    {
        if (!File.Exists(otherPath))
        {
            output.WriteLine($"--compare-predict expects the path of another build's NeuralNet.dll; '{otherPath}' does not exist.");
            return 2;
        }

        string thisPath = typeof(NeuralNet.Layers.Sequential).Assembly.Location;
        output.WriteLine("Sequential.Predict, 784-256-128-10 ReLU + softmax, one thread; alternating rounds, medians");
        output.WriteLine($"this build:  {thisPath}");
        output.WriteLine($"other build: {otherPath}");
        output.WriteLine($"{"rows",6} {"this µs",10} {"other µs",10} {"this/other",11} {"this B/call",12} {"other B/call",13}");
        Assembly mine = BuildComparisonHarness.Load(thisPath, "this"), theirs = BuildComparisonHarness.Load(otherPath, "other");
        foreach ((int rows, int calls) in Cases)
        {
            Func<object> a = PredictOf(mine, rows), b = PredictOf(theirs, rows);
            if (!SameOutputs(a(), b()))
            {
                output.WriteLine($"{rows,6} the two builds' outputs differ: not comparable");
                return 1;
            }

            var times = new List<double>[] { [], [] };
            var ratios = new List<double>();
            for (int round = -3; round < Rounds; round++)
            {
                // Who goes first alternates, so a warming cache or a turbo step cannot favour one side.
                bool mineFirst = (round & 1) == 0;
                double first = Time(mineFirst ? a : b, calls), second = Time(mineFirst ? b : a, calls);
                double x = mineFirst ? first : second, y = mineFirst ? second : first;
                if (round >= 0)
                {
                    times[0].Add(x);
                    times[1].Add(y);
                    ratios.Add(x / y);
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rows,6} {BuildComparisonHarness.Median(times[0]),10:F1} {BuildComparisonHarness.Median(times[1]),10:F1} {BuildComparisonHarness.Median(ratios),11:F3} {Allocated(a),12} {Allocated(b),13}"));
        }

        return 0;
    }

    /// <summary>Builds the seeded network and an input of <paramref name="rows"/> rows in <paramref name="library"/>; returns one Predict call.</summary>
    private static Func<object> PredictOf(Assembly library, int rows)
    {
        Type Get(string name) => library.GetType(name, throwOnError: true)!;
        Get("NeuralNet.Kernels.Parallelism").GetProperty("MaxDegreeOfParallelism")!.SetValue(null, 1);
        Type layer = Get("NeuralNet.Layers.Layer"), init = Get("NeuralNet.Layers.WeightInitialization"), tensor = Get("NeuralNet.Tensors.Tensor");
        object he = Enum.Parse(init, "He"), glorot = Enum.Parse(init, "Glorot");
        object Dense(int inputs, int outputs, object how, int seed) =>
            Activator.CreateInstance(Get("NeuralNet.Layers.Dense"), inputs, outputs, how, seed)!;
        var layers = Array.CreateInstance(layer, 6);
        layers.SetValue(Dense(784, 256, he, 1), 0);
        layers.SetValue(Activator.CreateInstance(Get("NeuralNet.Layers.ReLU")), 1);
        layers.SetValue(Dense(256, 128, he, 2), 2);
        layers.SetValue(Activator.CreateInstance(Get("NeuralNet.Layers.ReLU")), 3);
        layers.SetValue(Dense(128, 10, glorot, 3), 4);
        layers.SetValue(Activator.CreateInstance(Get("NeuralNet.Layers.Softmax")), 5);
        object model = Activator.CreateInstance(Get("NeuralNet.Layers.Sequential"), [layers])!;

        float[,] x = new float[rows, 784];
        var random = new Random(4);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < 784; c++)
            {
                x[r, c] = random.NextSingle();
            }
        }

        object input = tensor.GetMethod("FromArray")!.Invoke(null, [x])!;
        MethodInfo predict = model.GetType().GetMethod("Predict", [tensor])!;
        object[] arguments = [input];
        return () => predict.Invoke(model, arguments)!;
    }

    private static bool SameOutputs(object a, object b) => Values(a).SequenceEqual(Values(b));

    // A Span cannot come back through reflection: read the flat indexer instead (once per case).
    private static float[] Values(object tensor)
    {
        int length = (int)tensor.GetType().GetProperty("Length")!.GetValue(tensor)!;
        PropertyInfo item = tensor.GetType().GetProperty("Item", [typeof(int)])!;
        return [.. Enumerable.Range(0, length).Select(i => (float)item.GetValue(tensor, [i])!)];
    }

    /// <summary>Bytes one warm call allocates on this thread (the result tensor included).</summary>
    private static long Allocated(Func<object> predict)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        predict();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Microseconds per call.</summary>
    private static double Time(Func<object> predict, int calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            predict();
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls;
    }
}
