using System.Globalization;
using NeuralNet.Playground.Problems;
using NeuralNet.Playground.Race;

namespace NeuralNet.Playground.Configuration;

/// <summary>
/// Everything the page lets a user choose, and its round trip through the URL's query string, so a
/// configuration can be shared as a link. Values out of range in a URL are clamped, unknown names
/// ignored: a hand-edited link gives a working page, never a frozen one.
/// </summary>
public sealed class PlaygroundSettings
{
    /// <summary>The tab shown: <c>train</c>, <c>race</c> or <c>bench</c>.</summary>
    public string Tab { get; set; } = "train";

    /// <summary>The data set.</summary>
    public ToyProblem Problem { get; set; } = ToyProblem.Xor;

    /// <summary>How many points, 20–1000.</summary>
    public int Points { get; set; } = 300;

    /// <summary>Noise, 0–50 %.</summary>
    public int NoisePercent { get; set; }

    /// <summary>The share of the points used for training, 10–90 %; the rest are the test set.</summary>
    public int TrainPercent { get; set; } = 50;

    /// <summary>The hidden layers' widths, input side first (at most 6 layers of 1–64 units; none is a linear model).</summary>
    public IReadOnlyList<int> HiddenLayers { get; set; } = [4, 4];

    /// <summary>The hidden layers' activation.</summary>
    public ActivationKind Activation { get; set; } = ActivationKind.Tanh;

    /// <summary>A classifier's output layer and loss.</summary>
    public OutputKind Output { get; set; } = OutputKind.Sigmoid;

    /// <summary>The optimizer.</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;

    /// <summary>The learning rate η.</summary>
    public float LearningRate { get; set; } = 0.03f;

    /// <summary>The momentum factor μ of Momentum and Nesterov.</summary>
    public float MomentumFactor { get; set; } = 0.9f;

    /// <summary>RMSProp's momentum factor (torch's default 0).</summary>
    public float RmsPropMomentum { get; set; }

    /// <summary>Adam's and AdamW's β₁.</summary>
    public float Beta1 { get; set; } = 0.9f;

    /// <summary>Adam's and AdamW's β₂.</summary>
    public float Beta2 { get; set; } = 0.999f;

    /// <summary>RMSProp's smoothing constant α.</summary>
    public float Alpha { get; set; } = 0.99f;

    /// <summary>ε of Adagrad, RMSProp, Adam and AdamW (torch's defaults: 1e-10 for Adagrad, 1e-8 for the others).</summary>
    public float Epsilon { get; set; } = 1e-8f;

    /// <summary>Adagrad's learning-rate decay.</summary>
    public float LearningRateDecay { get; set; }

    /// <summary>Whether RMSProp is centred.</summary>
    public bool Centered { get; set; }

    /// <summary>Whether Adam and AdamW use AMSGrad.</summary>
    public bool AmsGrad { get; set; }

    /// <summary>Weight decay: L2 added to the gradient (SGD … Adam), decoupled for AdamW.</summary>
    public float WeightDecay { get; set; }

    /// <summary>The drop probability of a <see cref="Layers.Dropout"/> after each hidden activation; 0 for none.</summary>
    public float Dropout { get; set; }

    /// <summary>The batch size; 0 means the whole training set (batch gradient descent), 1 stochastic.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>The seed of the data, the weights and the shuffling.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The surface of the optimizer race.</summary>
    public RaceSurfaceKind RaceSurface { get; set; } = RaceSurfaceKind.Beale;

    /// <summary>Optimizer steps per animation frame in the race.</summary>
    public int RaceSpeed { get; set; } = 10;

    /// <summary>The hidden layers as the URL and the text box write them, e.g. <c>4,4</c>.</summary>
    public string HiddenLayersText
    {
        get => string.Join(',', HiddenLayers);
        set => HiddenLayers = ParseLayers(value) ?? HiddenLayers;
    }

    /// <summary>
    /// Chooses an optimizer and gives its hyperparameters torch's defaults (the learning rate stays):
    /// ε 1e-10 for Adagrad and 1e-8 for the others, weight decay 0.01 for AdamW and 0 for the others.
    /// </summary>
    /// <param name="kind">The optimizer.</param>
    public void ChooseOptimizer(OptimizerKind kind)
    {
        Optimizer = kind;
        MomentumFactor = 0.9f;
        RmsPropMomentum = 0f;
        (Beta1, Beta2, Alpha) = (0.9f, 0.999f, 0.99f);
        Epsilon = kind == OptimizerKind.Adagrad ? 1e-10f : 1e-8f;
        WeightDecay = kind == OptimizerKind.AdamW ? 0.01f : 0f;
        (LearningRateDecay, Centered, AmsGrad) = (0f, false, false);
    }

    /// <summary>The default settings with those a query string names replaced.</summary>
    /// <param name="query">The URL's query, with or without its leading <c>?</c>.</param>
    /// <returns>The settings.</returns>
    public static PlaygroundSettings FromQuery(string? query)
    {
        var s = new PlaygroundSettings();
        foreach (string pair in (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            string key = Uri.UnescapeDataString(pair[..equals]);
            string value = Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            s.Apply(key, value);
        }

        return s;
    }

    /// <summary>The query string that gives these settings back through <see cref="FromQuery"/>.</summary>
    /// <returns>The query, without its leading <c>?</c>.</returns>
    public string ToQuery()
    {
        var pairs = new List<string>
        {
            Pair("tab", Tab), Pair("data", Problem.ToString().ToLowerInvariant()), Pair("n", Points),
            Pair("noise", NoisePercent), Pair("train", TrainPercent), Pair("layers", HiddenLayersText),
            Pair("act", Activation.ToString().ToLowerInvariant()), Pair("out", Output.ToString().ToLowerInvariant()),
            Pair("opt", Optimizer.ToString().ToLowerInvariant()), Pair("lr", LearningRate),
            Pair("mom", MomentumFactor), Pair("rmsmom", RmsPropMomentum), Pair("b1", Beta1), Pair("b2", Beta2), Pair("alpha", Alpha), Pair("eps", Epsilon),
            Pair("lrdecay", LearningRateDecay), Pair("centered", Centered ? 1 : 0), Pair("amsgrad", AmsGrad ? 1 : 0),
            Pair("wd", WeightDecay), Pair("dropout", Dropout), Pair("batch", BatchSize), Pair("seed", Seed),
            Pair("surface", RaceSurface.ToString().ToLowerInvariant()), Pair("speed", RaceSpeed),
        };
        return string.Join('&', pairs);
    }

    private void Apply(string key, string value)
    {
        switch (key)
        {
            case "tab": Tab = value is "race" or "bench" ? value : "train"; break;
            case "data": Problem = ParseEnum(value, Problem); break;
            case "n": Points = ParseInt(value, Points, 20, 1000); break;
            case "noise": NoisePercent = ParseInt(value, NoisePercent, 0, 50); break;
            case "train": TrainPercent = ParseInt(value, TrainPercent, 10, 90); break;
            case "layers": HiddenLayers = ParseLayers(value) ?? HiddenLayers; break;
            case "act": Activation = ParseEnum(value, Activation); break;
            case "out": Output = ParseEnum(value, Output); break;
            case "opt": Optimizer = ParseEnum(value, Optimizer); break;
            case "lr": LearningRate = ParseFloat(value, LearningRate, 1e-6f, 10f); break;
            case "mom": MomentumFactor = ParseFloat(value, MomentumFactor, 0f, 0.999f); break;
            case "rmsmom": RmsPropMomentum = ParseFloat(value, RmsPropMomentum, 0f, 0.999f); break;
            case "b1": Beta1 = ParseFloat(value, Beta1, 0f, 0.9999f); break;
            case "b2": Beta2 = ParseFloat(value, Beta2, 0f, 0.99999f); break;
            case "alpha": Alpha = ParseFloat(value, Alpha, 0f, 0.99999f); break;
            case "eps": Epsilon = ParseFloat(value, Epsilon, 1e-12f, 1f); break;
            case "lrdecay": LearningRateDecay = ParseFloat(value, LearningRateDecay, 0f, 1f); break;
            case "centered": Centered = value is "1" or "true"; break;
            case "amsgrad": AmsGrad = value is "1" or "true"; break;
            case "wd": WeightDecay = ParseFloat(value, WeightDecay, 0f, 1f); break;
            case "dropout": Dropout = ParseFloat(value, Dropout, 0f, 0.9f); break;
            case "batch": BatchSize = ParseInt(value, BatchSize, 0, 1000); break;
            case "seed": Seed = ParseInt(value, Seed, 0, int.MaxValue); break;
            case "surface": RaceSurface = ParseEnum(value, RaceSurface); break;
            case "speed": RaceSpeed = ParseInt(value, RaceSpeed, 1, 200); break;
            default: break; // an unknown key (a newer or older link) is ignored
        }
    }

    /// <summary>Widths such as <c>8,8</c> (empty for no hidden layer), or null when the text is not a valid list.</summary>
    private static int[]? ParseLayers(string? text)
    {
        string[] parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > 6)
        {
            return null;
        }

        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out widths[i]) || widths[i] is < 1 or > 64)
            {
                return null;
            }
        }

        return widths;
    }

    private static T ParseEnum<T>(string value, T fallback)
        where T : struct, Enum =>
        Enum.TryParse(value, ignoreCase: true, out T parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _) ? parsed : fallback;

    private static int ParseInt(string value, int fallback, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) ? Math.Clamp(parsed, min, max) : fallback;

    private static float ParseFloat(string value, float fallback, float min, float max) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float parsed) && float.IsFinite(parsed)
            ? Math.Clamp(parsed, min, max)
            : fallback;

    private static string Pair(string key, object value) =>
        key + "=" + Uri.EscapeDataString(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
}
