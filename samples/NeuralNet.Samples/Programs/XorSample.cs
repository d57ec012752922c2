using System.Diagnostics;
using System.Globalization;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Samples.Shared;
using NeuralNet.Tensors;
using NeuralNet.Training;

namespace NeuralNet.Samples.Programs;

/// <summary>
/// XOR, the classic that a single layer cannot learn: no line separates {(0,1), (1,0)} from
/// {(0,0), (1,1)}, so a sigmoid of one weighted sum gets at most 3 of the 4 points right. One
/// hidden sigmoid layer bends the boundary and gets all four.
/// </summary>
internal sealed class XorSample : ISample
{
    /// <summary>The surfaces are drawn over [−0.5, 1.5]² on a grid of this many points a side.</summary>
    private const int GridSize = 121;

    public string Name => "xor";

    public string Description => "XOR: a single layer cannot learn it, one sigmoid hidden layer can; decision surfaces";

    public SampleResult Run(SampleOptions options, SampleConsole console)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        var stopwatch = Stopwatch.StartNew();
        var result = new SampleResult();
        Dataset xor = Xor();

        // Four samples make an epoch one full-batch step, so epochs are cheap; the quick run
        // needs fewer because Adam with a large step solves XOR in a few hundred.
        int epochs = options.Quick ? 800 : 3000;

        var single = new Sequential(new Dense(2, 1, seed: 1), new Sigmoid());
        Train(console, "single layer", single, xor, epochs);

        // Four hidden units rather than the minimal two: with two, some seeds stall in a local
        // minimum where one unit is saturated; four reach 100 % reliably.
        var hidden = new Sequential(
            new Dense(2, 4, seed: 1), new Sigmoid(),
            new Dense(4, 1, seed: 2), new Sigmoid());
        Train(console, "hidden layer", hidden, xor, epochs);

        float singleAccuracy = single.Accuracy(xor);
        float hiddenAccuracy = hidden.Accuracy(xor);
        result.Figures["single layer accuracy"] = singleAccuracy;
        result.Figures["hidden layer accuracy"] = hiddenAccuracy;

        console.WriteLine("input    target  single layer  hidden layer");
        Tensor singleOut = single.Predict(xor.Features);
        Tensor hiddenOut = hidden.Predict(xor.Features);
        for (int i = 0; i < xor.Count; i++)
        {
            console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"({xor.Features[i, 0]:F0}, {xor.Features[i, 1]:F0})   {xor.Targets[i, 0],6:F0}  {singleOut[i, 0],12:F3}  {hiddenOut[i, 0],12:F3}"));
        }

        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"accuracy: single layer (Dense 2→1 + sigmoid) {singleAccuracy:P0}, one hidden layer (2→4→1, sigmoid) {hiddenAccuracy:P0}"));

        result.Files.Add(DrawSurface(
            Path.Combine(options.OutputDirectory, "xor-surface.png"),
            "XOR: one sigmoid hidden layer (2→4→1) learns it", hidden, xor));
        result.Files.Add(DrawSurface(
            Path.Combine(options.OutputDirectory, "xor-single-layer.png"),
            "XOR: the best a single layer (2→1) can do is P = 0.5 everywhere", single, xor));

        result.Figures["seconds"] = stopwatch.Elapsed.TotalSeconds;
        console.WriteLine($"{stopwatch.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    /// <summary>The four XOR points with one 0/1 target column, for a sigmoid output with binary cross-entropy.</summary>
    internal static Dataset Xor()
    {
        var features = new Tensor([0f, 0f, 0f, 1f, 1f, 0f, 1f, 1f], 4, 2);
        var targets = new Tensor([0f, 1f, 1f, 0f], 4, 1);
        return new Dataset(features, targets);
    }

    private static void Train(SampleConsole console, string title, Sequential model, Dataset data, int epochs) =>
        ProgressTraining.Fit(
            console, title, epochs,
            reporter => new Trainer(model, new BinaryCrossEntropy(), new Adam(learningRate: 0.05f))
            {
                BatchSize = data.Count, Epochs = epochs, Seed = 1, Progress = reporter,
            },
            data);

    private static string DrawSurface(string path, string title, Sequential model, Dataset data)
    {
        const double Min = -0.5, Max = 1.5;
        var grid = new Tensor(GridSize * GridSize, 2);
        for (int i = 0; i < GridSize; i++)
        {
            for (int j = 0; j < GridSize; j++)
            {
                grid[(i * GridSize) + j, 0] = (float)(Min + (j * (Max - Min) / (GridSize - 1)));
                grid[(i * GridSize) + j, 1] = (float)(Min + (i * (Max - Min) / (GridSize - 1)));
            }
        }

        Tensor p = model.Predict(grid);
        double[,] values = new double[GridSize, GridSize];
        for (int i = 0; i < GridSize; i++)
        {
            for (int j = 0; j < GridSize; j++)
            {
                values[i, j] = p[(i * GridSize) + j, 0];
            }
        }

        var zeros = (X: new List<double>(), Y: new List<double>());
        var ones = (X: new List<double>(), Y: new List<double>());
        for (int i = 0; i < data.Count; i++)
        {
            var set = data.Targets[i, 0] > 0.5f ? ones : zeros;
            set.X.Add(data.Features[i, 0]);
            set.Y.Add(data.Features[i, 1]);
        }

        return Plots.Surface(
            path, title, "x₁", "x₂", values, (Min, Max), (Min, Max),
            colorBarLabel: "P(x₁ XOR x₂ = 1)",
            colorRange: (0, 1),
            contours: 9,
            points: [("XOR = 0", [.. zeros.X], [.. zeros.Y]), ("XOR = 1", [.. ones.X], [.. ones.Y])]);
    }
}
