namespace NeuralNet.Samples;

/// <summary>Every program, in the order the usage lists them. Each helper adds its own entries here.</summary>
internal static class SampleCatalog
{
    public static ISample[] All =>
    [
    ];
}
