namespace NeuralNet.Benchmarks;

/// <summary>Seeded random inputs, so that every run measures the same numbers.</summary>
internal static class BenchmarkData
{
    /// <summary>A new array of <paramref name="length"/> values uniform in [−1, 1).</summary>
    public static float[] Uniform(int length, int seed)
    {
        var random = new Random(seed);
        float[] values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (2f * random.NextSingle()) - 1f;
        }

        return values;
    }

    /// <summary>A rows×classes one-hot matrix with seeded random labels.</summary>
    public static float[] OneHot(int rows, int classes, int seed)
    {
        var random = new Random(seed);
        float[] values = new float[rows * classes];
        for (int r = 0; r < rows; r++)
        {
            values[(r * classes) + random.Next(classes)] = 1f;
        }

        return values;
    }
}
