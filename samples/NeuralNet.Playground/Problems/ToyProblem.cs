namespace NeuralNet.Playground.Problems;

/// <summary>The data sets the page offers: four classification problems in the plane and one regression surface.</summary>
public enum ToyProblem
{
    /// <summary>Two classes in the four quadrants: the sign of x₁·x₂.</summary>
    Xor,

    /// <summary>A disc of one class inside a ring of the other.</summary>
    Circles,

    /// <summary>Two Gaussian clouds, linearly separable without noise.</summary>
    Gaussians,

    /// <summary>Two interleaved spiral arms.</summary>
    Spiral,

    /// <summary>A smooth real-valued surface over the plane (regression).</summary>
    Regression,
}
