using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Training;

/// <summary>Data preparation and weight inspection shared by the training tests.</summary>
internal static class TrainingFixtures
{
    /// <summary>
    /// Splits a dataset with a fixed seed and standardises both parts with statistics fitted on the
    /// training part only, so that nothing about the held-out samples leaks into training.
    /// </summary>
    public static (Dataset Train, Dataset Test) SplitStandardized(Dataset dataset, double trainFraction, int seed)
    {
        (Dataset train, Dataset test) = dataset.Split(trainFraction, seed);
        var scaler = Standardizer.Fit(train.Features);
        return (scaler.Transform(train), scaler.Transform(test));
    }

    /// <summary>Every parameter value of a network, layer by layer, in one array.</summary>
    public static float[] Weights(Sequential model) =>
        [.. model.Parameters.SelectMany(p => p.Value.AsSpan().ToArray())];

    /// <summary>The bit patterns of every parameter value, for bit-for-bit comparison (which treats NaN and −0 exactly).</summary>
    public static int[] WeightBits(Sequential model) =>
        [.. Weights(model).Select(BitConverter.SingleToInt32Bits)];

    /// <summary>Random features with random one-hot labels: a classification problem of pure noise.</summary>
    public static Dataset RandomClassification(int samples, int features, int classes, int seed)
    {
        var random = new Random(seed);
        int[] labels = new int[samples];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = random.Next(classes);
        }

        return Dataset.FromLabels(TestData.Matrix(samples, features, seed + 1), labels, classes);
    }
}
