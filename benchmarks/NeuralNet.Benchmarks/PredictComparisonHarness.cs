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
        Assembly mine = SideBySide.Load(thisPath, "this"), theirs = SideBySide.Load(otherPath, "other");
        foreach ((int rows, int calls) in Cases)
        {
            Func<object> a = PredictOf(mine, rows), b = PredictOf(theirs, rows);
            if (!SameOutputs(a(), b()))
            {
                output.WriteLine($"{rows,6} the two builds' outputs differ: not comparable");
                return 1;
            }

            (double x, double y, double ratio) = SideBySide.Compare(() => a(), () => b(), calls, Rounds);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rows,6} {x * 1000,10:F1} {y * 1000,10:F1} {ratio,11:F3} {Allocated(a),12} {Allocated(b),13}"));
        }

        return 0;
    }

    /// <summary>Builds the seeded network and an input of <paramref name="rows"/> rows in <paramref name="library"/>; returns one Predict call.</summary>
    private static Func<object> PredictOf(Assembly library, int rows)
    {
        object model = SideBySide.Mlp(library);
        object[] arguments = [SideBySide.Input(library, rows)];
        MethodInfo predict = model.GetType().GetMethod("Predict", [library.Get("NeuralNet.Tensors.Tensor")])!;
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
}
