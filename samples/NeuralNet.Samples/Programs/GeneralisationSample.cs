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
/// fits well and over-fits is decided from the losses, not from the labels. Then three remedies, each
/// applied to the over-fitted network from the same initial weights: early stopping on the
/// validation loss, dropout on its last hidden layer, and weight decay (L2) in Adam.
/// </summary>
/// <remarks>
/// The remedies' strengths were measured on this problem, not taken from a textbook. Dropout
/// p = 0.3 on the last hidden layer kept the final validation MSE below the unremedied network's
/// for six mask seeds in both sizes (0.107–0.135 full, 0.103–0.117 quick), where p = 0.1 on both
/// hidden layers did not for one quick seed. Its validation loss jitters from epoch to epoch, and
/// its lowest along the way is the lowest of the four runs (0.096 full, 0.091 quick). L2 λ = 1e-3 gave
/// 0.114 in both sizes (λ = 1e-4 barely helped, λ = 1e-2 under-fitted); decoupled decay (AdamW)
/// did less here, 0.123 at best (λ = 0.3).
/// </remarks>
internal sealed class GeneralisationSample : ISample
{
    private const int TrainCount = 30, ValidationCount = 200, Seed = 7;
    private const double Noise = 0.3;
    private const int Patience = 100;
    private const float DropoutProbability = 0.3f, WeightDecay = 1e-3f;

    public string Name => "generalisation";

    public string Description => "under-fit, good fit and over-fit on noisy sin(2πx); early stopping, dropout and weight decay as remedies";

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
        (string Name, int[] Hidden) large = candidates[^1];
        Regime[] remedies =
        [
            new("early stopping", $"early stopping (patience {Patience})", Patience: Patience),
            new("dropout", Invariant($"dropout p = {DropoutProbability} (last hidden layer)"), Dropout: DropoutProbability),
            new("weight decay", Invariant($"weight decay λ = {WeightDecay:0e0} (L2, Adam)"), WeightDecay: WeightDecay),
        ];
        int total = epochs * (candidates.Count + remedies.Length);
        var fits = console.Progress("generalisation", total, report =>
        {
            var done = 0;
            var runs = new List<Fit>();
            foreach ((string name, int[] hidden) in candidates)
            {
                runs.Add(Train(name, hidden, train, validation, epochs, Regime.None, e => report(done + e, name)));
                done += epochs;
            }

            // The remedies: the large network again, each time from the same initial weights.
            // Early stopping halts when the validation loss has not improved for `Patience` epochs
            // and rolls back to its best epoch; dropout and weight decay train every epoch.
            foreach (Regime remedy in remedies)
            {
                runs.Add(Train($"{large.Name} + {remedy.Key}", large.Hidden, train, validation, epochs, remedy, e => report(done + e, remedy.Key)));
                done += epochs;
            }

            return runs;
        });

        Fit[] models = [.. fits.Take(candidates.Count)];
        Fit[] remedied = [.. fits.Skip(candidates.Count)];
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

        // The remedies beside the network they treat. The lowest validation loss seen during
        // training says how much each remedy could give with early stopping on top of it.
        console.WriteLine(Invariant($"remedies for {large.Name}, each from the same initial weights (scores on the final weights):"));
        console.WriteLine("  remedy                                 train MSE   valid MSE      gap   lowest valid MSE (epoch)");
        WriteRemedy("none", models[^1]);
        for (int r = 0; r < remedies.Length; r++)
        {
            Fit fit = remedied[r];
            WriteRemedy(remedies[r].Label, fit);
            string key = remedies[r].Key;
            result.Figures[key + " training loss"] = fit.TrainingLoss;
            result.Figures[key + " validation loss"] = fit.ValidationLoss;
            result.Figures[key + " gap"] = fit.Gap;
        }

        Fit stopped = remedied[0];
        result.Figures["early stopping best epoch"] = stopped.History.BestEpoch;
        console.WriteLine(Invariant($"early stopping ran {stopped.History.Epochs.Count} epochs and kept epoch {stopped.History.BestEpoch}"));

        WritePictures(options, result, train, fits, candidates.Count);
        return result;

        void WriteRemedy(string label, Fit fit)
        {
            IReadOnlyList<float> losses = fit.History.ValidationLoss;
            int best = 0;
            for (int e = 1; e < losses.Count; e++)
            {
                best = losses[e] < losses[best] ? e : best;
            }

            console.WriteLine(Invariant($"  {label,-36} {fit.TrainingLoss,10:F4}  {fit.ValidationLoss,10:F4}  {fit.Gap,7:F4}   {losses[best]:F4} ({best + 1})"));
        }
    }

    private static Fit Train(string name, int[] hidden, Dataset train, Dataset validation, int epochs, Regime regime, Action<int> epochDone)
    {
        var layers = new List<Layer>();
        int inputs = 1;
        foreach (int width in hidden)
        {
            layers.Add(new Dense(inputs, width, WeightInitialization.He, seed: Seed));
            layers.Add(new Tanh());
            inputs = width;
        }

        // Dropout has no weights, so the Dense layers start where the unremedied network's did.
        // Only before the output layer: on both hidden layers it hurt in one of five mask seeds.
        if (regime.Dropout > 0 && hidden.Length > 0)
        {
            layers.Add(new Dropout(regime.Dropout, seed: Seed));
        }

        layers.Add(new Dense(inputs, 1, seed: Seed));
        layers.Add(new Identity());
        var model = new Sequential([.. layers]);
        var trainer = new Trainer(model, new MeanSquaredError(), new Adam(learningRate: 0.01f, weightDecay: regime.WeightDecay))
        {
            BatchSize = train.Count,
            Epochs = epochs,
            Seed = Seed,
            Patience = regime.Patience,
            Progress = new SynchronousProgress<EpochMetrics>(m => epochDone(m.Epoch)),
        };
        TrainingHistory history = trainer.Fit(train, validation);

        // Scored again on the final weights (in inference mode, so without dropout): an epoch's
        // training loss is measured before its update, and with dropout on a thinned network.
        float trainingLoss = trainer.Evaluate(train).Loss;
        float validationLoss = trainer.Evaluate(validation).Loss;
        return new Fit(name, model, history, trainingLoss, validationLoss);
    }

    /// <summary>
    /// Three pictures: the fitted curves (the three models and the early-stopped one), the training and
    /// validation losses of the three models, and the validation losses of the large network with
    /// and without each remedy. <paramref name="fits"/> holds the models, then the remedies in order.
    /// </summary>
    private static void WritePictures(SampleOptions options, SampleResult result, Dataset train, IReadOnlyList<Fit> fits, int modelCount)
    {
        (int width, int height) = options.Quick ? (640, 400) : (800, 500);
        const int curvePoints = 300;
        double[] grid = [.. Enumerable.Range(0, curvePoints).Select(i => (double)i / (curvePoints - 1))];
        var gridTensor = new Tensor([.. grid.Select(x => (float)x)], curvePoints, 1);
        var lines = new List<(string, double[], double[])> { ("true sin(2πx)", grid, [.. grid.Select(x => Math.Sin(2 * Math.PI * x))]) };
        foreach (Fit fit in fits.Take(modelCount + 1))
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
        foreach (Fit fit in fits.Take(modelCount))
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

        // The large network's validation loss under each remedy, side by side. It keeps its colour
        // from the other pictures (the palette index after the small models', 1 + modelCount) and so
        // does early stopping (the next); early stopping's line ends in a disc where it stopped.
        // Dropout's curve jitters from epoch to epoch (each full-batch step drops other units), so it
        // is drawn first and thinner, under the others. The noise's own MSE is the floor no model
        // can go below on average.
        Fit plain = fits[modelCount - 1];
        var remedyCurves = new List<(string, double[], double[])>();
        var remedyStyles = new List<SeriesStyle>();
        (Fit Fit, string Label, SeriesStyle Style)[] drawn =
        [
            (fits[modelCount + 1], Invariant($"dropout p = {DropoutProbability}"), new SeriesStyle(6, ScottPlot.LinePattern.Dashed, 1)),
            (plain, "no remedy", SeriesStyle.Dashed(1 + modelCount)),
            (fits[modelCount + 2], Invariant($"weight decay λ = {WeightDecay:0e0}"), SeriesStyle.Dashed(8)),
            (fits[modelCount], "early stopping", new SeriesStyle(2 + modelCount, ScottPlot.LinePattern.Dashed, 2, ScottPlot.MarkerShape.FilledCircle)),
        ];
        foreach ((Fit fit, string label, SeriesStyle style) in drawn)
        {
            remedyCurves.Add((label, [.. fit.History.Epochs.Select(e => (double)e.Epoch)], [.. fit.History.ValidationLoss.Select(v => (double)v)]));
            remedyStyles.Add(style);
        }

        int lastEpoch = fits.Max(f => f.History.Epochs.Count);
        remedyCurves.Add((Invariant($"noise MSE {Noise * Noise:F2}"), [1, lastEpoch], [Noise * Noise, Noise * Noise]));
        remedyStyles.Add(new SeriesStyle(7, ScottPlot.LinePattern.Dotted));
        string remediesPath = Path.Combine(options.OutputDirectory, "generalisation-remedies.png");
        result.Files.Add(Plots.Lines(
            remediesPath, $"Validation loss of {plain.Name}, with and without remedies", "epoch", "validation MSE (log scale)", remedyCurves,
            logY: true, width: width, height: height, styles: remedyStyles,
            note: "same initial weights; the disc: where early stopping stopped"));
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

    /// <summary>How a network is trained: as it is, or with one remedy for over-fitting.</summary>
    /// <param name="Key">The short name, used in the figures' keys and the progress bar.</param>
    /// <param name="Label">The name in the printed table, with its setting.</param>
    /// <param name="Patience">Early stopping's patience in epochs, or none.</param>
    /// <param name="Dropout">The dropout probability on the last hidden layer, or 0 for none.</param>
    /// <param name="WeightDecay">Adam's L2 coefficient λ, or 0.</param>
    private sealed record Regime(string Key, string Label, int? Patience = null, float Dropout = 0, float WeightDecay = 0)
    {
        /// <summary>Plain training: every epoch, no dropout, no decay.</summary>
        public static Regime None { get; } = new("none", "none");
    }
}
