namespace NeuralNet.Samples;

/// <summary>What a program measured: named figures (printed in its summary and checked by its smoke test) and the files it wrote.</summary>
internal sealed class SampleResult
{
    /// <summary>Named numbers, e.g. "test accuracy" → 0.97.</summary>
    public Dictionary<string, double> Figures { get; } = [];

    /// <summary>Paths of the files written.</summary>
    public List<string> Files { get; } = [];
}
