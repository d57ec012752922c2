using NeuralNet.Optimizers;
using NeuralNet.Tensors;

using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Optimizers;

/// <summary>Steps an optimizer on one vector parameter with given gradients, for hand-computed checks.</summary>
internal static class OptimizerHarness
{
    /// <summary>The tolerance of float32 results against double-precision references of one or two steps.</summary>
    public const double Absolute = 1e-6, Relative = 1e-5;

    public static Parameter Vector(params float[] values) => new("theta", new Tensor(values, values.Length));

    /// <summary>Runs one step per gradient from <paramref name="start"/>; returns the value after each step.</summary>
    public static float[][] Run(Optimizer optimizer, float[] start, params float[][] gradients)
    {
        Parameter theta = Vector(start);
        var values = new float[gradients.Length][];
        for (int t = 0; t < gradients.Length; t++)
        {
            gradients[t].CopyTo(theta.Gradient.AsSpan());
            optimizer.Step([theta]);
            values[t] = theta.Value.AsSpan().ToArray();
        }

        return values;
    }

    public static void ShouldMatch(this float[] actual, double[] expected, string what) =>
        Approx.AssertClose(actual, expected, Absolute, Relative, what);
}
