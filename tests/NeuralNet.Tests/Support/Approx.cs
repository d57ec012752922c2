using System.Globalization;
using System.Text;

namespace NeuralNet.Tests.Support;

/// <summary>
/// Approximate comparison of floating-point results with a mixed tolerance:
/// <c>|actual − expected| ≤ absolute + relative · |expected|</c>.
/// </summary>
/// <remarks>
/// The absolute part covers results near zero, where a relative bound means nothing; the relative
/// part covers the rest. NaN matches nothing (not even NaN), so a NaN result always fails; equal
/// infinities match. Failures list the first few mismatches with their indices and the total count.
/// </remarks>
internal static class Approx
{
    private const int MismatchesShown = 5;

    [ThreadStatic] private static double t_worstRatio;

    /// <summary>
    /// The largest |actual − expected| / tolerance that <see cref="Collect"/> has seen on this thread
    /// since <see cref="ResetWorstRatio"/> (≤ 1 when everything passed): how close a suite came to its tolerances.
    /// </summary>
    public static double WorstRatio => t_worstRatio;

    /// <summary>Starts a new <see cref="WorstRatio"/>.</summary>
    public static void ResetWorstRatio() => t_worstRatio = 0;

    /// <summary>Whether <paramref name="actual"/> is within the mixed tolerance of <paramref name="expected"/>.</summary>
    public static bool IsClose(double actual, double expected, double absolute, double relative) =>
        actual == expected || Math.Abs(actual - expected) <= absolute + (relative * Math.Abs(expected));

    /// <summary>Asserts that two float sequences have the same length and agree element by element.</summary>
    public static void AssertClose(
        ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double absolute, double relative, string context = "") =>
        AssertClose(ToDouble(actual), ToDouble(expected), absolute, relative, context);

    /// <summary>Asserts that float results agree with double references (such as a numerical gradient).</summary>
    public static void AssertClose(
        ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double absolute, double relative, string context = "") =>
        AssertClose(ToDouble(actual), expected, absolute, relative, context);

    /// <summary>
    /// Appends a line to <paramref name="failures"/> for each element out of tolerance, so that a
    /// test comparing many quantities reports all of them at once.
    /// </summary>
    public static void Collect(
        ReadOnlySpan<float> actual, IReadOnlyList<double> expected, double absolute, double relative, string what, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(failures);
        if (actual.Length != expected.Count)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {actual.Length} values, expected {expected.Count}"));
            return;
        }

        for (int i = 0; i < actual.Length; i++)
        {
            double tolerance = absolute + (relative * Math.Abs(expected[i]));
            if (tolerance > 0 && double.IsFinite(expected[i]))
            {
                t_worstRatio = Math.Max(t_worstRatio, Math.Abs(actual[i] - expected[i]) / tolerance);
            }

            if (!IsClose(actual[i], expected[i], absolute, relative))
            {
                failures.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{what}[{i}]: expected {expected[i]:R}, actual {actual[i]:R}, |diff| {Math.Abs(actual[i] - expected[i]):G3} > {absolute + (relative * Math.Abs(expected[i])):G3}"));
            }
        }
    }

    /// <summary>Asserts that no element is NaN or infinite.</summary>
    public static void AssertAllFinite(ReadOnlySpan<float> values, string context = "")
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{context}: element {i} is {values[i]}."));
            }
        }
    }

    private static void AssertClose(
        ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double absolute, double relative, string context)
    {
        if (actual.Length != expected.Length)
        {
            Assert.Fail(string.Create(
                CultureInfo.InvariantCulture, $"{context}: {actual.Length} results but {expected.Length} expected values."));
        }

        var message = new StringBuilder();
        int mismatches = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            if (IsClose(actual[i], expected[i], absolute, relative))
            {
                continue;
            }

            if (++mismatches <= MismatchesShown)
            {
                message.Append(CultureInfo.InvariantCulture,
                    $"\n  [{i}] actual {actual[i]:R}, expected {expected[i]:R}, difference {Math.Abs(actual[i] - expected[i]):E2}");
            }
        }

        if (mismatches > 0)
        {
            Assert.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"{context}: {mismatches} of {actual.Length} elements differ by more than {absolute:E1} + {relative:E1}·|expected|:{message}"));
        }
    }

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }
}
