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

        // A run of a few milliseconds is at the mercy of the scheduler (one mini-batch run took 21,
        // 46 and 119 ms in three tries), so each mode is timed several times and each epoch's time
        // is the median over the runs. The seeds make every run's losses identical to the bit.
        int timedRuns = options.Quick ? 3 : 7;
        var runs = console.Progress("descent", epochs * modes.Length * timedRuns, report =>
        {
            // One untimed epoch of each mode first, so just-in-time compilation is not billed to whichever mode runs first.
            foreach ((string name, int batchSize) in modes)
            {
                Train(name, batchSize, train, test, epochs: 1, _ => { });
            }

            var all = new ModeRun[modes.Length][];
            for (int m = 0; m < modes.Length; m++)
            {
                all[m] = new ModeRun[timedRuns];
            }

            // Runs interleave the modes, so a slow spell of the machine is shared between them.
            int done = 0;
            for (int r = 0; r < timedRuns; r++)
            {
                for (int m = 0; m < modes.Length; m++)
                {
                    int offset = done;
                    all[m][r] = Train(modes[m].Name, modes[m].BatchSize, train, test, epochs, e => report(offset + e, $"{modes[m].Name}, run {r + 1}"));
                    done += epochs;
                }
            }

            return all.Select(Median).ToList();
        });

        console.WriteLine(Invariant($"diabetes: {train.Count} training / {test.Count} test samples, 10→32→1 ReLU network, SGD η = {LearningRate}, {epochs} epochs; MSE on the standardised target (1.0 = predicting the mean)"));
        console.WriteLine(Invariant($"training time: each epoch's median over {timedRuns} runs, summed; a whole run also meets the machine's slow moments, so its total (range in the last column) is longer"));
        console.WriteLine("  mode               updates   start MSE   final train MSE   test MSE   time per epoch   training time   (whole runs)");
        foreach (ModeRun run in runs)
        {
            double total = run.Seconds[^1];
            console.WriteLine(Invariant($"  {run.Name,-17} {run.Updates,8}  {run.Loss[0],10:F4}  {run.Loss[^1],16:F4}  {run.TestLoss,9:F4}  {total / epochs * 1000,11:F3} ms  {total * 1000,11:F1} ms   ({run.FastestTotal * 1000:F1}–{run.SlowestTotal * 1000:F1} ms)"));
            string key = run.Name[..run.Name.IndexOf(' ', StringComparison.Ordinal)];
            result.Figures[key + " initial loss"] = run.Loss[0];
            result.Figures[key + " final loss"] = run.Loss[^1];
            result.Figures[key + " test loss"] = run.TestLoss;
            result.Figures[key + " seconds"] = total;
            result.Figures[key + " seconds per epoch"] = total / epochs;
            result.Figures[key + " updates"] = run.Updates;
        }

        result.Figures["timed runs"] = timedRuns;
        (int width, int height) = options.Quick ? (640, 400) : (800, 500);
        string byEpoch = Path.Combine(options.OutputDirectory, "descent-epochs.png");
        result.Files.Add(Plots.Lines(
            byEpoch, "Training loss against epochs (same network, same SGD step size)", "epoch", "training-set MSE (log scale)",
            [.. runs.Select(r => (r.Name, (double[])[.. Enumerable.Range(0, r.Loss.Length).Select(i => (double)i)], r.Loss))],
            logY: true, width: width, height: height));

        // Both axes logarithmic: the three modes' times differ twentyfold, and on a linear axis the
        // fastest runs are squeezed against the y axis. Epoch 0 (time 0) has no place on a log axis.
        string byTime = Path.Combine(options.OutputDirectory, "descent-time.png");
        result.Files.Add(Plots.Lines(
            byTime, Invariant($"Training loss against training time (each epoch's median over {timedRuns} runs)"), "milliseconds of training (log scale)", "training-set MSE (log scale)",
            [.. runs.Select(r => (r.Name, (double[])[.. r.Seconds[1..].Select(t => t * 1000)], r.Loss[1..]))],
            logY: true, width: width, height: height, logX: true,
            note: "each point is one epoch; further right = slower"));
        return result;
    }

    /// <summary>One mode's runs merged: the losses (the same in every run) and each epoch's median time, summed.</summary>
    private static ModeRun Median(ModeRun[] runs)
    {
        ModeRun first = runs[0];
        if (runs.Any(r => !r.Loss.SequenceEqual(first.Loss)))
        {
            throw new InvalidOperationException($"{first.Name}: seeded runs gave different losses.");
        }

        var seconds = new double[first.Seconds.Length];
        for (int e = 1; e < seconds.Length; e++)
        {
            double[] epoch = [.. runs.Select(r => r.Seconds[e] - r.Seconds[e - 1]).Order()];
            double median = epoch.Length % 2 == 1 ? epoch[epoch.Length / 2] : (epoch[(epoch.Length / 2) - 1] + epoch[epoch.Length / 2]) / 2;
            seconds[e] = seconds[e - 1] + median;
        }

        return first with
        {
            Seconds = seconds,
            FastestTotal = runs.Min(r => r.Seconds[^1]),
            SlowestTotal = runs.Max(r => r.Seconds[^1]),
        };
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
        return new ModeRun(name, [.. loss], [.. seconds], trainer.Evaluate(test).Loss, updates, seconds[^1], seconds[^1]);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One mode's record: the training-set loss before training and after each epoch, the cumulative
    /// training time at each, and the fastest and slowest total over the runs it summarises.
    /// </summary>
    private sealed record ModeRun(string Name, double[] Loss, double[] Seconds, float TestLoss, int Updates, double FastestTotal, double SlowestTotal);
}
