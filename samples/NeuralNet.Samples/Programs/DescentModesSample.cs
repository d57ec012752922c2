using System.Globalization;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Samples.Shared;
using NeuralNet.Training;

namespace NeuralNet.Samples.Programs;

/// <summary>
/// Batch, stochastic and mini-batch gradient descent on the same problem — the diabetes regression,
/// features and target standardised with training statistics — from the same initial weights with
/// the same optimizer (plain SGD, η = 0.01). Only the trainer's batch size differs.
/// </summary>
/// <remarks>
/// After each epoch the loss on the whole training set is measured in the progress callback, which
/// the trainer calls after it has stopped the epoch's clock, so the comparison is of the same
/// quantity and the measuring is not counted as training time.
/// </remarks>
internal sealed class DescentModesSample : ISample
{
    private const int Seed = 3;
    private const float LearningRate = 0.01f;

    public string Name => "descent";

    public string Description => "batch, stochastic and mini-batch gradient descent: loss against epochs and against time";

    public SampleResult Run(SampleOptions options, SampleConsole console)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        var result = new SampleResult();
        (Dataset rawTrain, Dataset rawTest) = Datasets.Diabetes().Split(0.8, seed: Seed);
        Standardizer features = Standardizer.Fit(rawTrain.Features);
        Standardizer target = Standardizer.Fit(rawTrain.Targets);
        var train = new Dataset(features.Transform(rawTrain.Features), target.Transform(rawTrain.Targets));
        var test = new Dataset(features.Transform(rawTest.Features), target.Transform(rawTest.Targets));

        int epochs = options.Quick ? 30 : 100;
        (string Name, int BatchSize)[] modes =
        [
            ($"batch ({train.Count})", train.Count),
            ("stochastic (1)", 1),
            ("mini-batch (32)", 32),
        ];

        var runs = console.Progress("descent", epochs * modes.Length, report =>
        {
            // One untimed epoch of each mode first, so just-in-time compilation is not billed to whichever mode runs first.
            foreach ((string name, int batchSize) in modes)
            {
                Train(name, batchSize, train, test, epochs: 1, _ => { });
            }

            var all = new List<ModeRun>();
            for (int m = 0; m < modes.Length; m++)
            {
                int offset = m * epochs;
                all.Add(Train(modes[m].Name, modes[m].BatchSize, train, test, epochs, e => report(offset + e, modes[m].Name)));
            }

            return all;
        });

        console.WriteLine(Invariant($"diabetes: {train.Count} training / {test.Count} test samples, 10→32→1 ReLU network, SGD η = {LearningRate}, {epochs} epochs; MSE on the standardised target (1.0 = predicting the mean)"));
        console.WriteLine("  mode               updates   start MSE   final train MSE   test MSE   training time");
        foreach (ModeRun run in runs)
        {
            console.WriteLine(Invariant($"  {run.Name,-17} {run.Updates,8}  {run.Loss[0],10:F4}  {run.Loss[^1],16:F4}  {run.TestLoss,9:F4}  {run.Seconds[^1] * 1000,10:F1} ms"));
            string key = run.Name[..run.Name.IndexOf(' ', StringComparison.Ordinal)];
            result.Figures[key + " initial loss"] = run.Loss[0];
            result.Figures[key + " final loss"] = run.Loss[^1];
            result.Figures[key + " test loss"] = run.TestLoss;
            result.Figures[key + " seconds"] = run.Seconds[^1];
            result.Figures[key + " updates"] = run.Updates;
        }

        (int width, int height) = options.Quick ? (640, 400) : (800, 500);
        string byEpoch = Path.Combine(options.OutputDirectory, "descent-epochs.png");
        result.Files.Add(Plots.Lines(
            byEpoch, "Training loss against epochs (same network, same SGD step size)", "epoch", "training-set MSE",
            [.. runs.Select(r => (r.Name, (double[])[.. Enumerable.Range(0, r.Loss.Length).Select(i => (double)i)], r.Loss))],
            width: width, height: height));
        string byTime = Path.Combine(options.OutputDirectory, "descent-time.png");
        result.Files.Add(Plots.Lines(
            byTime, "Training loss against wall-clock training time", "seconds", "training-set MSE",
            [.. runs.Select(r => (r.Name, r.Seconds, r.Loss))],
            width: width, height: height));
        return result;
    }

    private static ModeRun Train(string name, int batchSize, Dataset train, Dataset test, int epochs, Action<int> epochDone)
    {
        // The same seed gives every mode the same initial weights.
        var model = new Sequential(
            new Dense(10, 32, WeightInitialization.He, seed: Seed), new ReLU(),
            new Dense(32, 1, seed: Seed), new Identity());
        var mse = new MeanSquaredError();
        var loss = new List<double> { mse.Compute(model.Predict(train.Features), train.Targets) };
        var seconds = new List<double> { 0 };
        var trainer = new Trainer(model, mse, new Sgd(LearningRate))
        {
            BatchSize = batchSize,
            Epochs = epochs,
            Seed = Seed,
            Progress = new SynchronousProgress<EpochMetrics>(m =>
            {
                loss.Add(mse.Compute(model.Predict(train.Features), train.Targets));
                seconds.Add(seconds[^1] + m.Elapsed.TotalSeconds);
                epochDone(m.Epoch);
            }),
        };
        trainer.Fit(train);
        int updates = epochs * ((train.Count + batchSize - 1) / batchSize);
        return new ModeRun(name, [.. loss], [.. seconds], trainer.Evaluate(test).Loss, updates);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One mode's record: the training-set loss before training and after each epoch, and the cumulative training time at each.</summary>
    private sealed record ModeRun(string Name, double[] Loss, double[] Seconds, float TestLoss, int Updates);
}
