namespace NeuralNet.Tests.TestVectors;

/// <summary>
/// The tolerances of the PyTorch reference comparisons (TestVectors/README.md, "Choosing
/// tolerances"); the rule they are used with is <see cref="Support.Approx"/>'s.
/// </summary>
internal static class Tolerance
{
    /// <summary>The absolute tolerance for one-step quantities against PyTorch's float32 results.</summary>
    public const double OneStepAbsolute = 1e-5;

    /// <summary>The relative tolerance for one-step quantities against PyTorch's float32 results.</summary>
    public const double OneStepRelative = 1e-4;
}
