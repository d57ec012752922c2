using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;

namespace NeuralNet.Benchmarks;

/// <summary>
/// What the build-comparison modes share: another build of the library loaded beside this one,
/// the seeded 784-256-128-10 ReLU/softmax network built in either through reflection, and timing
/// in alternating rounds so that the machine's drift falls on both builds alike.
/// </summary>
internal static class SideBySide
{
    /// <summary>Loads a build of the library in a context of its own.</summary>
    public static Assembly Load(string path, string name) =>
        new AssemblyLoadContext(name, isCollectible: false).LoadFromAssemblyPath(Path.GetFullPath(path));

    /// <summary>A type of <paramref name="library"/> by its full name.</summary>
    public static Type Get(this Assembly library, string name) => library.GetType(name, throwOnError: true)!;

    /// <summary>Sets one thread in <paramref name="library"/> and builds the seeded 784-256-128-10 MLP there.</summary>
    public static object Mlp(Assembly library)
    {
        library.Get("NeuralNet.Kernels.Parallelism").GetProperty("MaxDegreeOfParallelism")!.SetValue(null, 1);
        Type init = library.Get("NeuralNet.Layers.WeightInitialization");
        object he = Enum.Parse(init, "He"), glorot = Enum.Parse(init, "Glorot");
        object Dense(int inputs, int outputs, object how, int seed) =>
            Activator.CreateInstance(library.Get("NeuralNet.Layers.Dense"), inputs, outputs, how, seed)!;
        object Layer(string name) => Activator.CreateInstance(library.Get("NeuralNet.Layers." + name))!;
        var layers = Array.CreateInstance(library.Get("NeuralNet.Layers.Layer"), 6);
        object[] inOrder = [Dense(784, 256, he, 1), Layer("ReLU"), Dense(256, 128, he, 2), Layer("ReLU"), Dense(128, 10, glorot, 3), Layer("Softmax")];
        for (int i = 0; i < inOrder.Length; i++)
        {
            layers.SetValue(inOrder[i], i);
        }

        return Activator.CreateInstance(library.Get("NeuralNet.Layers.Sequential"), [layers])!;
    }

    /// <summary>A seeded uniform [0, 1) input of <paramref name="rows"/> × 784 as a tensor of <paramref name="library"/>.</summary>
    public static object Input(Assembly library, int rows) => Tensor(library, Matrix(rows, 784, (r, c, random) => random.NextSingle()));

    /// <summary>A matrix filled by <paramref name="value"/>, from one seeded generator, row by row.</summary>
    public static float[,] Matrix(int rows, int columns, Func<int, int, Random, float> value)
    {
        float[,] matrix = new float[rows, columns];
        var random = new Random(4);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                matrix[r, c] = value(r, c, random);
            }
        }

        return matrix;
    }

    /// <summary><paramref name="values"/> as a tensor of <paramref name="library"/>.</summary>
    public static object Tensor(Assembly library, float[,] values) =>
        library.Get("NeuralNet.Tensors.Tensor").GetMethod("FromArray")!.Invoke(null, [values])!;

    /// <summary>
    /// Times <paramref name="mine"/> and <paramref name="theirs"/> (each <paramref name="calls"/>
    /// times per round, after three warm-up rounds) in alternating order; returns the median time per
    /// call of each, in milliseconds, and the median of the per-round ratios mine/theirs.
    /// </summary>
    public static (double Mine, double Theirs, double Ratio) Compare(Action mine, Action theirs, int calls, int rounds)
    {
        var times = new List<double>[] { [], [] };
        var ratios = new List<double>();
        for (int round = -3; round < rounds; round++)
        {
            // Who goes first alternates, so a warming cache or a turbo step cannot favour one side.
            bool mineFirst = (round & 1) == 0;
            double first = Time(mineFirst ? mine : theirs, calls), second = Time(mineFirst ? theirs : mine, calls);
            double a = mineFirst ? first : second, b = mineFirst ? second : first;
            if (round >= 0)
            {
                times[0].Add(a);
                times[1].Add(b);
                ratios.Add(a / b);
            }
        }

        return (Median(times[0]), Median(times[1]), Median(ratios));
    }

    private static double Time(Action call, int calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            call();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / calls;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
