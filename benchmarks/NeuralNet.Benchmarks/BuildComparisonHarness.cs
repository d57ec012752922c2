using System.Globalization;
using System.Reflection;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--compare OTHER.dll</c> mode: the one-thread training step of this build's library and of
/// another build of it (say, the commit before a refactoring), loaded side by side in one process
/// and timed in alternating rounds, so that the machine's drift and noise fall on both alike. Reports
/// the median over rounds of the per-round time ratio, this build to the other.
/// </summary>
/// <remarks>
/// Both libraries are driven through the public API by reflection (they are different assemblies
/// with the same type names), each from its own <c>AssemblyLoadContext</c>. The reflection
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
            Func<float> mine = StepOf(SideBySide.Load(thisPath, "this"), batch);
            Func<float> theirs = StepOf(SideBySide.Load(otherPath, "other"), batch);
            (double a, double b, double ratio) = SideBySide.Compare(() => mine(), () => theirs(), Math.Max(2, 4096 / batch), Rounds);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{batch,6} {a,9:F3} {b,9:F3} {ratio,11:F3}"));
        }

        return 0;
    }

    /// <summary>Builds the network, data and trainer in <paramref name="library"/>; returns one step.</summary>
    private static Func<float> StepOf(Assembly library, int batch)
    {
        object model = SideBySide.Mlp(library);
        object adam = Activator.CreateInstance(library.Get("NeuralNet.Optimizers.Adam"), 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false)!;
        object loss = Activator.CreateInstance(library.Get("NeuralNet.Losses.CategoricalCrossEntropy"))!;
        object trainer = Activator.CreateInstance(library.Get("NeuralNet.Training.Trainer"), model, loss, adam)!;
        object features = SideBySide.Input(library, batch);
        object targets = SideBySide.Tensor(library, SideBySide.Matrix(batch, 10, (r, c, _) => c == r % 10 ? 1f : 0f));
        MethodInfo trainBatch = trainer.GetType().GetMethod("TrainBatch")!;
        object[] arguments = [features, targets];
        return () => (float)trainBatch.Invoke(trainer, arguments)!;
    }
}
