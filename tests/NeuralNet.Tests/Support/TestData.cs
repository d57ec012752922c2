using NeuralNet.Tensors;

namespace NeuralNet.Tests.Support;

/// <summary>Seeded random inputs for tests: the same seed always gives the same values.</summary>
internal static class TestData
{
    /// <summary><paramref name="length"/> values drawn uniformly from [min, max).</summary>
    public static float[] Uniform(int length, float min, float max, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = min + ((max - min) * random.NextSingle());
        }

        return values;
    }

    /// <summary>
    /// Values with magnitude in [minMagnitude, maxMagnitude) and a random sign: inputs that stay clear
    /// of a kink at zero (ReLU) by more than a finite-difference step.
    /// </summary>
    public static float[] AwayFromZero(int length, float minMagnitude, float maxMagnitude, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            float magnitude = minMagnitude + ((maxMagnitude - minMagnitude) * random.NextSingle());
            values[i] = random.Next(2) == 0 ? magnitude : -magnitude;
        }

        return values;
    }

    /// <summary>A rows × columns matrix of values drawn uniformly from [min, max).</summary>
    public static Tensor Matrix(int rows, int columns, int seed, float min = -1f, float max = 1f) =>
        new(Uniform(rows * columns, min, max, seed), rows, columns);
}
