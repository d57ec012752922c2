using NeuralNet.Data;
using NeuralNet.Tensors;

namespace NeuralNet.Playground.Problems;

/// <summary>
/// Points in the square [−6, 6]² for one <see cref="ToyProblem"/>, drawn from a seeded generator so
/// a shared link shows the same points: the features are (x₁, x₂); the target is the class (0 or 1)
/// or, for <see cref="ToyProblem.Regression"/>, the surface's value in [−1, 1].
/// </summary>
/// <remarks>
/// The shapes are those of the TensorFlow Playground's data sets. Noise (0–50 %) moves each point by a
/// Gaussian step of up to 2.5 units before its class is decided (XOR, circles) or after (spiral,
/// Gaussians), so classes overlap near the boundary; for the regression surface it is added to the value.
/// </remarks>
public static class ToyData
{
    /// <summary>Half the side of the square the points and the decision surface cover.</summary>
    public const float Extent = 6f;

    /// <summary>Generates the points.</summary>
    /// <param name="problem">Which data set.</param>
    /// <param name="count">How many points, at least 4.</param>
    /// <param name="noisePercent">Noise, 0–50.</param>
    /// <param name="seed">The generator's seed.</param>
    /// <returns>Features [count, 2] and targets [count] (class 0/1, or a value for regression).</returns>
    public static (Tensor Features, float[] Targets) Generate(ToyProblem problem, int count, int noisePercent, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 4);
        ArgumentOutOfRangeException.ThrowIfNegative(noisePercent);
        var random = new Random(seed);
        double noise = noisePercent / 100.0;
        var features = new Tensor(count, 2);
        var targets = new float[count];
        for (int i = 0; i < count; i++)
        {
            (double x, double y, float target) = problem switch
            {
                ToyProblem.Xor => Xor(random, noise),
                ToyProblem.Circles => Circle(random, noise, inner: i % 2 == 0),
                ToyProblem.Gaussians => Gaussian(random, noise, positive: i % 2 == 0),
                ToyProblem.Spiral => Spiral(random, noise, i / 2, count / 2, arm: i % 2),
                ToyProblem.Regression => Surface(random, noise),
                _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "Unknown data set."),
            };
            features[i, 0] = (float)Math.Clamp(x, -Extent, Extent);
            features[i, 1] = (float)Math.Clamp(y, -Extent, Extent);
            targets[i] = target;
        }

        return (features, targets);
    }

    /// <summary>The regression surface without noise: two Gaussian bumps of opposite sign, values in [−1, 1].</summary>
    /// <param name="x">x₁.</param>
    /// <param name="y">x₂.</param>
    /// <returns>The value.</returns>
    public static double SurfaceValue(double x, double y) =>
        Math.Exp(-(((x - 2) * (x - 2)) + ((y - 2) * (y - 2))) / 6) - Math.Exp(-(((x + 2) * (x + 2)) + ((y + 1) * (y + 1))) / 4);

    /// <summary>Builds the library dataset for a model output: one 0/1 column (sigmoid), one-hot columns (softmax), or the value.</summary>
    /// <param name="features">Features from <see cref="Generate"/>.</param>
    /// <param name="targets">Targets from <see cref="Generate"/>.</param>
    /// <param name="oneHot">Whether classes become two one-hot columns.</param>
    /// <returns>The dataset.</returns>
    public static Dataset ToDataset(Tensor features, float[] targets, bool oneHot)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (oneHot)
        {
            int[] labels = [.. targets.Select(t => (int)t)];
            return Dataset.FromLabels(features, labels, ["orange", "blue"]);
        }

        return new Dataset(features, new Tensor(targets, targets.Length, 1)) { FeatureNames = ["x1", "x2"] };
    }

    private static (double X, double Y, float Target) Xor(Random random, double noise)
    {
        // Points kept a little off the axes (as the TensorFlow Playground does), so the clean problem has a margin.
        double x = Uniform(random, -5, 5), y = Uniform(random, -5, 5);
        x += x > 0 ? 0.3 : -0.3;
        y += y > 0 ? 0.3 : -0.3;
        double nx = x + (Normal(random) * noise * 2.5), ny = y + (Normal(random) * noise * 2.5);
        return (x, y, nx * ny >= 0 ? 1f : 0f);
    }

    private static (double X, double Y, float Target) Circle(Random random, double noise, bool inner)
    {
        double radius = inner ? Uniform(random, 0, 2.5) : Uniform(random, 3.5, 5);
        double angle = Uniform(random, 0, 2 * Math.PI);
        double x = radius * Math.Cos(angle), y = radius * Math.Sin(angle);
        double nx = x + (Normal(random) * noise * 2.5), ny = y + (Normal(random) * noise * 2.5);
        return (x, y, Math.Sqrt((nx * nx) + (ny * ny)) < 3 ? 1f : 0f);
    }

    private static (double X, double Y, float Target) Gaussian(Random random, double noise, bool positive)
    {
        double centre = positive ? 2 : -2, spread = 0.8 + (noise * 2.5);
        return (centre + (Normal(random) * spread), centre + (Normal(random) * spread), positive ? 1f : 0f);
    }

    private static (double X, double Y, float Target) Spiral(Random random, double noise, int index, int perArm, int arm)
    {
        // Each arm turns 1.75 times round the origin while its radius grows to 5.
        double fraction = (double)index / Math.Max(perArm, 1);
        double radius = 5 * fraction, angle = (1.75 * 2 * Math.PI * fraction) + (arm * Math.PI);
        double x = (radius * Math.Sin(angle)) + (Normal(random) * noise * 2.5);
        double y = (radius * Math.Cos(angle)) + (Normal(random) * noise * 2.5);
        return (x, y, arm == 0 ? 1f : 0f);
    }

    private static (double X, double Y, float Target) Surface(Random random, double noise)
    {
        double x = Uniform(random, -Extent, Extent), y = Uniform(random, -Extent, Extent);
        return (x, y, (float)(SurfaceValue(x, y) + (Normal(random) * noise)));
    }

    private static double Uniform(Random random, double min, double max) => min + (random.NextDouble() * (max - min));

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Normal(Random random)
    {
        double u = 1 - random.NextDouble(), v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
