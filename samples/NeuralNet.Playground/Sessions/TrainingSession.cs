using System.Diagnostics;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Onnx;
using NeuralNet.Playground.Configuration;
using NeuralNet.Playground.Problems;
using NeuralNet.Serialization;
using NeuralNet.Tensors;
using NeuralNet.Training;

namespace NeuralNet.Playground.Sessions;

/// <summary>
/// One training run of the page: the data split, the network, and the library's <see cref="Trainer"/>
/// driven one batch at a time (<see cref="Trainer.TrainBatch"/>) so the page can train in slices of a
/// few milliseconds between animation frames. Epochs and shuffling are kept here: each epoch visits
/// the training points once in an order drawn from the seed, in batches of the chosen size.
/// </summary>
public sealed class TrainingSession
{
    /// <summary>The decision surface's grid: this many points a side over [−6, 6]².</summary>
    public const int GridSize = 50;

    private readonly Trainer _trainer;
    private readonly int[] _order;
    private readonly Random _shuffle;
    private readonly Dictionary<int, (Tensor X, Tensor Y)> _batches = [];
    private readonly Tensor _grid;
    private readonly Tensor _gridOutput;
    private readonly List<(int Epoch, float Train, float Test)> _history = [];
    private int _position;

    /// <summary>Builds the data, the network and the trainer for the settings.</summary>
    /// <param name="settings">The settings (copied: changing them later does not change this run).</param>
    public TrainingSession(PlaygroundSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Problem = settings.Problem;
        IsRegression = Problem == ToyProblem.Regression;
        bool oneHot = !IsRegression && settings.Output == OutputKind.Softmax;
        (Tensor features, float[] targets) = ToyData.Generate(Problem, settings.Points, settings.NoisePercent, settings.Seed);
        (Train, Test) = ToyData.ToDataset(features, targets, oneHot).Split(settings.TrainPercent / 100.0, seed: settings.Seed);
        Model = NetworkFactory.CreateNetwork(settings, Train);
        _trainer = new Trainer(Model, NetworkFactory.CreateLoss(settings), NetworkFactory.CreateOptimizer(settings)) { Seed = settings.Seed };
        BatchSize = settings.BatchSize <= 0 ? Train.Count : Math.Min(settings.BatchSize, Train.Count);
        _order = [.. Enumerable.Range(0, Train.Count)];
        _shuffle = new Random(settings.Seed);
        _shuffle.Shuffle(_order);

        _grid = new Tensor(GridSize * GridSize, 2);
        for (int i = 0; i < GridSize; i++)
        {
            for (int j = 0; j < GridSize; j++)
            {
                // Row 0 is the top of the picture (largest x₂), as a canvas draws it.
                _grid[(i * GridSize) + j, 0] = -ToyData.Extent + ((j + 0.5f) * 2 * ToyData.Extent / GridSize);
                _grid[(i * GridSize) + j, 1] = ToyData.Extent - ((i + 0.5f) * 2 * ToyData.Extent / GridSize);
            }
        }

        _gridOutput = new Tensor(GridSize * GridSize, oneHot ? 2 : 1);
        Measure();
    }

    /// <summary>The data set.</summary>
    public ToyProblem Problem { get; }

    /// <summary>Whether the task is regression (identity + MSE) rather than classification.</summary>
    public bool IsRegression { get; }

    /// <summary>The training points.</summary>
    public Dataset Train { get; }

    /// <summary>The test points, never trained on.</summary>
    public Dataset Test { get; }

    /// <summary>The network being trained.</summary>
    public Sequential Model { get; }

    /// <summary>The batch size in use (the whole training set for batch gradient descent).</summary>
    public int BatchSize { get; }

    /// <summary>"batch", "stochastic" or "mini-batch": what the batch size makes of gradient descent.</summary>
    public string Mode => BatchSize == Train.Count ? "batch" : BatchSize == 1 ? "stochastic" : "mini-batch";

    /// <summary>Epochs completed.</summary>
    public int Epoch { get; private set; }

    /// <summary>Optimizer steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>Whether a step's loss was NaN or infinite; the trainer skipped its update and training stops.</summary>
    public bool Diverged { get; private set; }

    /// <summary>The mean loss on the training points at the last <see cref="Measure"/>.</summary>
    public float TrainLoss { get; private set; }

    /// <summary>The mean loss on the test points at the last <see cref="Measure"/>.</summary>
    public float TestLoss { get; private set; }

    /// <summary>The accuracy on the training points (null for regression).</summary>
    public float? TrainAccuracy { get; private set; }

    /// <summary>The accuracy on the test points (null for regression).</summary>
    public float? TestAccuracy { get; private set; }

    /// <summary>(epoch, training loss, test loss) at each <see cref="Measure"/>: the loss curves.</summary>
    public IReadOnlyList<(int Epoch, float Train, float Test)> History => _history;

    /// <summary>Takes one optimizer step on the next batch; a finished pass over the data ends an epoch and reshuffles.</summary>
    /// <returns>The batch's loss before the update.</returns>
    public float Step()
    {
        int rows = Math.Min(BatchSize, Train.Count - _position);
        if (!_batches.TryGetValue(rows, out var batch))
        {
            batch = (new Tensor(rows, Train.FeatureCount), new Tensor(rows, Train.TargetCount));
            _batches[rows] = batch;
        }

        for (int r = 0; r < rows; r++)
        {
            int source = _order[_position + r];
            Train.Features.Row(source).CopyTo(batch.X.Row(r));
            Train.Targets.Row(source).CopyTo(batch.Y.Row(r));
        }

        float loss = _trainer.TrainBatch(batch.X, batch.Y);
        Diverged |= !float.IsFinite(loss);
        Steps++;
        _position += rows;
        if (_position == Train.Count)
        {
            _position = 0;
            Epoch++;
            _shuffle.Shuffle(_order);
        }

        return loss;
    }

    /// <summary>Trains until <paramref name="budget"/> has passed (at least one step); <see cref="Measure"/> scores the result.</summary>
    /// <param name="budget">How long to train.</param>
    /// <returns>The steps taken.</returns>
    public int TrainFor(TimeSpan budget)
    {
        long start = Stopwatch.GetTimestamp();
        int steps = 0;
        do
        {
            Step();
            steps++;
        }
        while (!Diverged && Stopwatch.GetElapsedTime(start) < budget);

        return steps;
    }

    /// <summary>Trains whole epochs (the page's "step" button takes one).</summary>
    /// <param name="epochs">How many.</param>
    public void TrainEpochs(int epochs)
    {
        int target = Epoch + epochs;
        while (Epoch < target && !Diverged)
        {
            Step();
        }

        Measure();
    }

    /// <summary>Scores the training and test points and appends a point to the loss curves.</summary>
    public void Measure()
    {
        (TrainLoss, TrainAccuracy) = _trainer.Evaluate(Train);
        (TestLoss, TestAccuracy) = _trainer.Evaluate(Test);
        if (_history.Count > 0 && _history[^1].Epoch == Epoch)
        {
            _history[^1] = (Epoch, TrainLoss, TestLoss);
        }
        else
        {
            _history.Add((Epoch, TrainLoss, TestLoss));
        }
    }

    /// <summary>
    /// The network's output over the grid, row 0 at the top: P(blue) for a classifier, the predicted
    /// value for regression; <see cref="GridSize"/>² values.
    /// </summary>
    /// <returns>The values (a new array).</returns>
    public float[] Surface()
    {
        Tensor output = Model.Predict(_grid, _gridOutput);
        var values = new float[GridSize * GridSize];
        int column = output.Columns - 1; // the sigmoid's one output, or the softmax's "blue" column
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = output[i, column];
        }

        return values;
    }

    /// <summary>The trained network as a <c>.nnet</c> file (the library's format, <see cref="ModelFile"/>).</summary>
    /// <returns>The file's bytes.</returns>
    public byte[] SaveModel()
    {
        using var stream = new MemoryStream();
        ModelFile.Write(Model, stream);
        return stream.ToArray();
    }

    /// <summary>The trained network as an ONNX model (<see cref="OnnxExport"/>).</summary>
    /// <returns>The file's bytes.</returns>
    public byte[] ExportOnnx()
    {
        using var stream = new MemoryStream();
        Model.ExportOnnx(stream);
        return stream.ToArray();
    }
}
