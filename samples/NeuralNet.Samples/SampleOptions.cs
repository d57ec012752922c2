namespace NeuralNet.Samples;

/// <summary>What every program accepts.</summary>
/// <param name="OutputDirectory">Where the PNG (and other) files go; created if missing.</param>
/// <param name="Quick">A reduced size for the smoke tests: fewer epochs/steps/samples, same claims.</param>
/// <param name="Seeds">How many seeds (1, 2, …, Seeds) a program that measures a spread over seeds runs; the others ignore it.</param>
internal sealed record SampleOptions(string OutputDirectory, bool Quick, int Seeds = 1);
