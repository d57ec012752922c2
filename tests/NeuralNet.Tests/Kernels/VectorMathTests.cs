using NeuralNet.Kernels;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// The reductions and row/column operations over every length 0–256, against their scalar twins or
/// a plain loop.
/// </summary>
/// <remarks>
/// The row and column operations add each element once, in the same order as their twins, so they
/// must agree exactly; <see cref="VectorMath.Max"/> must too. <see cref="VectorMath.Dot"/> sums in a
/// different order, so it is held to the rigorous bound (n + 1)·2⁻²⁴·Σ|xᵢyᵢ| around the double sum.
/// </remarks>
public sealed class VectorMathTests
{
    private const int MaxLength = 256;

    [Fact]
    public void Max_EveryLengthUpTo256_MatchesPlainLoop()
    {
        for (int length = 0; length <= MaxLength; length++)
        {
            // All negative, so a kernel that starts from 0 instead of −∞ would fail.
            float[] x = TestData.Uniform(length, -100f, -1f, seed: length);
            // Put the maximum in the last element (the remainder) for every other length.
            if (length > 0 && length % 2 == 0)
            {
                x[^1] = -0.5f;
            }

            float expected = float.NegativeInfinity;
            foreach (float v in x)
            {
                expected = MathF.Max(expected, v);
            }

            VectorMath.Max(x).Should().Be(expected, "length {0}", length);
        }
    }

    [Fact]
    public void Max_Empty_IsNegativeInfinity() =>
        VectorMath.Max([]).Should().Be(float.NegativeInfinity);

    [Fact]
    public void Dot_EveryLengthUpTo256_MatchesDoubleSumWithinRoundingBound()
    {
        for (int length = 0; length <= MaxLength; length++)
        {
            float[] x = TestData.Uniform(length + 1, -1f, 1f, seed: length);
            float[] y = TestData.Uniform(length, -1f, 1f, seed: length + 1000);
            double expected = 0, magnitude = 0;
            for (int i = 0; i < length; i++)
            {
                expected += (double)x[i + 1] * y[i];
                magnitude += Math.Abs((double)x[i + 1] * y[i]);
            }

            // x offset by one: unaligned.
            float actual = VectorMath.Dot(x.AsSpan(1), y);

            double bound = (length + 1) * Math.ScaleB(1.0, -24) * magnitude;
            Math.Abs(actual - expected).Should().BeLessThanOrEqualTo(bound, "length {0}", length);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void AddColumnSums_EveryLengthUpTo256_MatchesScalarTwinExactly(int rows)
    {
        for (int columns = 0; columns <= MaxLength; columns++)
        {
            float[] matrix = TestData.Uniform(rows * columns, -1f, 1f, seed: columns);
            // Non-zero starting sums: the kernel adds to them (gradients accumulate).
            float[] actual = TestData.Uniform(columns, -1f, 1f, seed: columns + 1000);
            float[] expected = [.. actual];

            VectorMath.AddColumnSums(matrix, rows, actual);
            VectorMath.AddColumnSumsScalar(matrix, rows, expected);

            actual.Should().Equal(expected, "{0} rows × {1} columns", rows, columns);
        }
    }

    [Fact]
    public void AddColumnSums_KnownMatrix_AddsEachColumnTotal()
    {
        float[] matrix = [1, 2, 3, 10, 20, 30];
        float[] sums = [100, 100, 100];

        VectorMath.AddColumnSums(matrix, 2, sums);

        sums.Should().Equal(111f, 122f, 133f);
    }

    [Fact]
    public void AddColumnSums_MatrixTooShort_ThrowsArgumentExceptionNamingShapeAndLength()
    {
        float[] row = new float[4];
        float[] matrix = new float[11];

        Action columnSums = () => VectorMath.AddColumnSums(matrix, 3, row);
        Action columnSumsScalar = () => VectorMath.AddColumnSumsScalar(matrix, 3, row);

        columnSums.Should().Throw<ArgumentException>().WithMessage("*3×4*12*11*");
        columnSumsScalar.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void ExpShifted_EveryLengthUpTo256_MatchesScalarExpAndReturnsTheSum()
    {
        for (int length = 0; length <= MaxLength; length++)
        {
            float[] x = TestData.Uniform(length, -20f, 5f, seed: length);
            float[] y = new float[length];
            double[] expected = [.. x.Select(v => (double)MathF.Exp(v - 5f))];

            float sum = VectorMath.ExpShifted(x, 5f, y);

            Approx.AssertClose(y, expected, 1e-12, 1e-6, $"length {length}");
            ((double)sum).Should().BeApproximately(expected.Sum(), 1e-5 * Math.Max(1, expected.Sum()), "length {0}", length);
        }
    }

    [Fact]
    public void Scale_EveryLengthUpTo256_MultipliesEveryElementExactly()
    {
        for (int length = 0; length <= MaxLength; length++)
        {
            float[] x = TestData.Uniform(length, -1f, 1f, seed: length);
            float[] expected = [.. x.Select(v => v * 0.37f)];

            VectorMath.Scale(x, 0.37f);

            x.Should().Equal(expected, "length {0}", length);
        }
    }
}
