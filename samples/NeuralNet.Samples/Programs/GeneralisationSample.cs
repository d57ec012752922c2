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
/// Generalisation: 30 noisy samples of y = sin(2πx) fitted by a network too small for the curve, one
/// of about the right size and one far too large, each trained the same way. Which one under-fits,
/// fits well and over-fits is decided from the losses, not from the labels; then early stopping on
/// the validation loss closes the over-fitted network's gap.
/// </summary>
internal sealed class GeneralisationSample : ISample
{
    private const int TrainCount = 30, ValidationCount = 200, Seed = 7;
    private const double Noise = 0.3;

    public string Name => "generalisation";

    public string Description => "under-fit, good fit and over-fit on noisy sin(2πx); early stopping closes the gap";

    /// <summary>The three candidates, smallest first: (name, hidden layer widths). No hidden layer is a straight line.</summary>
    public static IReadOnlyList<(string Name, int[] Hidden)> Candidates(bool quick) =>
    [
        ("linear 1→1", []),
        ("1→8→1 tanh", [8]),
        (quick ? "1→64→64→1 tanh" : "1→128→128→1 tanh", quick ? [64, 64] : [128, 128]),
    ];

    public SampleResult Run(SampleOptions options, SampleConsole console)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        var result = new SampleResult();
        var random = new Random(Seed);
        Dataset train = NoisySine(TrainCount, random, evenlySpaced: true);
        Dataset validation = NoisySine(ValidationCount, random, evenlySpaced: false);
        var candidates = Candidates(options.Quick);

        // Full-batch Adam for every model, long enough for the large one to memorise the noise.
        int epochs = options.Quick ? 1500 : 3000;
        const int patience = 100;
        int total = epochs * (candidates.Count + 1);
        var fits = console.Progress("generalisation", total, report =>
        {
            var done = 0;
            var runs = new List<Fit>();
            foreach ((string name, int[] hidden) in candidates)
            {
                runs.Add(Train(name, hidden, train, validation, epochs, patience: null, e => report(done + e, name)));
                done += epochs;
            }

            // The remedy: the large network again, from the same initial weights, stopped when the
            // validation loss has not improved for `patience` epochs and rolled back to its best epoch.
            runs.Add(Train(candidates[^1].Name + " + early stopping", candidates[^1].Hidden, train, validation, epochs, patience, e => report(done + e, "early stopping")));
            return runs;
        });

        Fit[] models = [.. fits.Take(candidates.Count)];
        Fit remedy = fits[^1];
        int underFit = ArgMax(models, m => m.TrainingLoss);
        int overFit = ArgMax(models, m => m.Gap);
        int good = ArgMax(models, m => -m.ValidationLoss);

        console.WriteLine(Invariant($"{TrainCount} training and {ValidationCount} validation samples of sin(2πx) + N(0, {Noise}²) noise (noise MSE {Noise * Noise:F2}); {epochs} epochs of full-batch Adam"));
        console.WriteLine("  model                    train MSE   valid MSE   gap (valid − train)   verdict");
        for (int i = 0; i < models.Length; i++)
        {
            Fit m = models[i];
            var verdicts = new List<string>();
            if (i == underFit)
            {
                verdicts.Add("under-fit (highest training loss)");
            }

            if (i == overFit)
            {
                verdicts.Add("over-fit (largest gap)");
            }

            if (i == good)
            {
                verdicts.Add("good (lowest validation loss)");
            }

            console.WriteLine(Invariant($"  {m.Name,-22} {m.TrainingLoss,10:F4}  {m.ValidationLoss,10:F4}  {m.Gap,12:F4}          {string.Join(", ", verdicts)}"));
            string key = $"model {i}";
            result.Figures[key + " training loss"] = m.TrainingLoss;
            result.Figures[key + " validation loss"] = m.ValidationLoss;
            result.Figures[key + " gap"] = m.Gap;
        }

        result.Figures["under-fit model"] = underFit;
        result.Figures["over-fit model"] = overFit;
        result.Figures["good model"] = good;
        result.Figures["gap before remedy"] = models[^1].Gap;
        result.Figures["gap after remedy"] = remedy.Gap;
        result.Figures["remedy validation loss"] = remedy.ValidationLoss;
        result.Figures["remedy best epoch"] = remedy.History.BestEpoch;
        console.WriteLine(Invariant(
            $"early stopping (patience {patience}) on {candidates[^1].Name}: stopped after {remedy.History.Epochs.Count} epochs, kept epoch {remedy.History.BestEpoch}; gap {models[^1].Gap:F4} → {remedy.Gap:F4}, validation MSE {models[^1].ValidationLoss:F4} → {remedy.ValidationLoss:F4}"));

        WritePictures(options, result, train, fits);
        return result;
    }

    private static Fit Train(string name, int[] hidden, Dataset train, Dataset validation, int epochs, int? patience, Action<int> epochDone)
    {
        var layers = new List<Layer>();
        int inputs = 1;
        foreach (int width in hidden)
        {
            layers.Add(new Dense(inputs, width, WeightInitialization.He, seed: Seed));
            layers.Add(new Tanh());
            inputs = width;
        }

        layers.Add(new Dense(inputs, 1, seed: Seed));
        layers.Add(new Identity());
        var model = new Sequential([.. layers]);
        var trainer = new Trainer(model, new MeanSquaredError(), new Adam(learningRate: 0.01f))
        {
            BatchSize = train.Count,
            Epochs = epochs,
            Seed = Seed,
            Patience = patience,
            Progress = new SynchronousProgress<EpochMetrics>(m => epochDone(m.Epoch)),
        };
        TrainingHistory history = trainer.Fit(train, validation);

        // Scored again on the final weights: an epoch's training loss is measured before its update.
        float trainingLoss = trainer.Evaluate(train).Loss;
        float validationLoss = trainer.Evaluate(validation).Loss;
        return new Fit(name, model, history, trainingLoss, validationLoss);
    }

    private static void WritePictures(SampleOptions options, SampleResult result, Dataset train, IReadOnlyList<Fit> fits)
    {
        (int width, int height) = options.Quick ? (640, 400) : (800, 500);
        const int curvePoints = 300;
        double[] grid = [.. Enumerable.Range(0, curvePoints).Select(i => (double)i / (curvePoints - 1))];
        var gridTensor = new Tensor([.. grid.Select(x => (float)x)], curvePoints, 1);
        var lines = new List<(string, double[], double[])> { ("true sin(2πx)", grid, [.. grid.Select(x => Math.Sin(2 * Math.PI * x))]) };
        foreach (Fit fit in fits)
        {
            Tensor predicted = fit.Model.Predict(gridTensor);
            lines.Add((fit.Name, grid, [.. predicted.AsSpan().ToArray().Select(v => (double)v)]));
        }

        string fitsPath = Path.Combine(options.OutputDirectory, "generalisation-fits.png");
        result.Files.Add(Plots.Scatter(
            fitsPath, "Three networks, and the largest early-stopped, fitted to 30 noisy samples of sin(2πx)", "x", "y",
            [("training samples", Column(train.Features), Column(train.Targets))],
            lines, width, height));

        // One colour per model, the one it has in the fits picture (where palette colours 0 and 1 go
        // to the samples and the true curve), solid for its training loss and dashed for its validation loss.
        var curves = new List<(string, double[], double[])>();
        var styles = new List<SeriesStyle>();
        int model = 0;
        foreach (Fit fit in fits.Take(fits.Count - 1))
        {
            model++;
            double[] epochs = [.. fit.History.Epochs.Select(e => (double)e.Epoch)];
            curves.Add(($"{fit.Name}: training", epochs, [.. fit.History.TrainingLoss.Select(v => (double)v)]));
            curves.Add(($"{fit.Name}: validation", epochs, [.. fit.History.ValidationLoss.Select(v => (double)v)]));
            styles.Add(SeriesStyle.Solid(model + 1));
            styles.Add(SeriesStyle.Dashed(model + 1));
        }

        string lossPath = Path.Combine(options.OutputDirectory, "generalisation-losses.png");
        result.Files.Add(Plots.Lines(
            lossPath, "Training (solid) vs validation (dashed) loss: the gap between a pair is the over-fit", "epoch", "MSE (log scale)", curves,
            logY: true, width: width, height: height, styles: styles));
    }

    /// <summary>
    /// n samples of y = sin(2πx) + N(0, Noise²) (Box–Muller), x evenly spaced in (0, 1) or x ~ U(0, 1).
    /// Evenly spaced training inputs cover the curve the way the validation draws do, so a gap
    /// measures the model, not an unlucky clump of training points.
    /// </summary>
    private static Dataset NoisySine(int n, Random random, bool evenlySpaced)
    {
        var x = new Tensor(n, 1);
        var y = new Tensor(n, 1);
        for (int i = 0; i < n; i++)
        {
            double u = evenlySpaced ? (i + 0.5) / n : random.NextDouble();
            double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            x[i, 0] = (float)u;
            y[i, 0] = (float)(Math.Sin(2 * Math.PI * u) + (Noise * normal));
        }

        return new Dataset(x, y);
    }

    private static double[] Column(Tensor t) => [.. t.AsSpan().ToArray().Select(v => (double)v)];

    private static int ArgMax(IReadOnlyList<Fit> fits, Func<Fit, double> score)
    {
        int best = 0;
        for (int i = 1; i < fits.Count; i++)
        {
            if (score(fits[i]) > score(fits[best]))
            {
                best = i;
            }
        }

        return best;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One trained network and its scores on the final weights.</summary>
    private sealed record Fit(string Name, Sequential Model, TrainingHistory History, float TrainingLoss, float ValidationLoss)
    {
        /// <summary>Validation minus training loss: how much worse the network does on data it has not seen.</summary>
        public double Gap => ValidationLoss - TrainingLoss;
    }
}
