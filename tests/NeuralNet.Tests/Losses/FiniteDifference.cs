using NeuralNet.Tensors;

namespace NeuralNet.Tests.Losses;

/// <summary>Central finite differences of a scalar function of a tensor, for gradient checks.</summary>
internal static class FiniteDifference
{
    /// <summary>
    /// (f(x + h eᵢ) − f(x − h eᵢ)) / (2h) for every element, accumulated in double. h is a power of two
    /// so that x ± h is exact for the dyadic inputs the tests use; the divisor is the step actually taken.
    /// </summary>
    public static double[] Gradient(Func<Tensor, float> f, Tensor x, float h = 1f / 1024)
    {
        var gradient = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            float saved = x[i];
            float up = saved + h, down = saved - h;
            x[i] = up;
            double plus = f(x);
            x[i] = down;
            double minus = f(x);
            x[i] = saved;
            gradient[i] = (plus - minus) / ((double)up - down);
        }

        return gradient;
    }

    /// <summary>Asserts that every element is finite.</summary>
    public static void ShouldBeFinite(this Tensor tensor, string what)
    {
        for (int i = 0; i < tensor.Length; i++)
        {
            float.IsFinite(tensor[i]).Should().BeTrue("{0}[{1}] is {2}", what, i, tensor[i]);
        }
    }
}
