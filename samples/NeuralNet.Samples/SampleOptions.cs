namespace NeuralNet.Samples;

/// <summary>What every program accepts.</summary>
/// <param name="OutputDirectory">Where the PNG (and other) files go; created if missing.</param>
/// <param name="Quick">A reduced size for the smoke tests: fewer epochs/steps/samples, same claims.</param>
internal sealed record SampleOptions(string OutputDirectory, bool Quick);
