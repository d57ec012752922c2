using System.Globalization;

namespace NeuralNet.Tests.TestVectors;

/// <summary>
/// Mixed absolute + relative comparison, |actual − expected| ≤ abs + rel·|expected|, that lists
/// every element out of tolerance (index, expected, actual) rather than stopping at the first.
/// </summary>
internal static class Tolerance
{
    /// <summary>The tolerance for one-step quantities against PyTorch's float32 results (README "Choosing tolerances").</summary>
    public const double OneStepAbsolute = 1e-5;

    /// <inheritdoc cref="OneStepAbsolute"/>
    public const double OneStepRelative = 1e-4;

    /// <summary>Appends a line to <paramref name="failures"/> for each element out of tolerance.</summary>
    public static void Check(
        ReadOnlySpan<float> actual, IReadOnlyList<double> expected, double absolute, double relative, string what, List<string> failures)
    {
        if (actual.Length != expected.Count)
        {
            failures.Add($"{what}: {actual.Length} values, expected {expected.Count}");
            return;
        }

        for (int i = 0; i < actual.Length; i++)
        {
            double difference = Math.Abs(actual[i] - expected[i]);
            double allowed = absolute + (relative * Math.Abs(expected[i]));
            if (!(difference <= allowed))
            {
                failures.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{what}[{i}]: expected {expected[i]:R}, actual {actual[i]:R}, |diff| {difference:G3} > {allowed:G3}"));
            }
        }
    }

    /// <summary>Asserts that every element is within tolerance, naming all that are not.</summary>
    public static void AssertClose(
        ReadOnlySpan<float> actual, IReadOnlyList<double> expected, double absolute, double relative, string what)
    {
        var failures = new List<string>();
        Check(actual, expected, absolute, relative, what, failures);
        failures.Should().BeEmpty();
    }

    /// <summary>Asserts one value with the same rule.</summary>
    public static void AssertClose(double actual, double expected, double absolute, double relative, string what)
    {
        double allowed = absolute + (relative * Math.Abs(expected));
        Math.Abs(actual - expected).Should().BeLessThanOrEqualTo(
            allowed, "{0} should be {1:R} (actual {2:R})", what, expected, actual);
    }
}
