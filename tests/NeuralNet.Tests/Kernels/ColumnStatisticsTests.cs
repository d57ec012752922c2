using NeuralNet.Data;
using NeuralNet.Kernels;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Kernels;

/// <summary>The vector paths of standardisation give the scalar loop's bits, column by column, at every width and tail.</summary>
public sealed class ColumnStatisticsTests
{
    public static TheoryData<int> Widths => [1, 3, 7, 8, 9, 16, 17, 33, 784];

    [Theory]
    [MemberData(nameof(Widths))]
    public void FitPasses_VectorAndScalar_GiveTheSameBits(int columns)
    {
        Tensor x = TestData.Matrix(23, columns, seed: columns, min: -50f, max: 300f);
        double[] sums = new double[columns], scalarSums = new double[columns];
        for (int r = 0; r < x.Rows; r++)
        {
            ColumnStatistics.AddRow(x.Row(r), sums);
            ColumnStatistics.AddRow(x.Row(r), scalarSums, vectorized: false);
        }

        sums.Should().Equal(scalarSums);
        double[] means = [.. sums.Select(s => s / x.Rows)];
        double[] squares = new double[columns], scalarSquares = new double[columns];
        for (int r = 0; r < x.Rows; r++)
        {
            ColumnStatistics.AddSquaredDeviations(x.Row(r), means, squares);
            ColumnStatistics.AddSquaredDeviations(x.Row(r), means, scalarSquares, vectorized: false);
        }

        squares.Should().Equal(scalarSquares);
        for (int c = 0; c < columns; c++)
        {
            double expected = Enumerable.Range(0, x.Rows).Sum(r => (double)x[r, c]);
            sums[c].Should().Be(expected, "the rows are added in order, one double addition each");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Standardize_VectorAndScalar_GiveTheSameBits(int columns)
    {
        Tensor x = TestData.Matrix(5, columns, seed: 100 + columns, min: -3f, max: 8f);
        double[] means = [.. Enumerable.Range(0, columns).Select(c => 0.37 * c)];
        double[] deviations = [.. Enumerable.Range(0, columns).Select(c => 0.7 + (0.13 * c))];
        var vector = new float[columns];
        var scalar = new float[columns];
        for (int r = 0; r < x.Rows; r++)
        {
            ColumnStatistics.Standardize(x.Row(r), means, deviations, vector).Should().Be(-1);
            ColumnStatistics.Standardize(x.Row(r), means, deviations, scalar, vectorized: false).Should().Be(-1);
            vector.Should().Equal(scalar);
            for (int c = 0; c < columns; c++)
            {
                vector[c].Should().Be((float)((x[r, c] - means[c]) / deviations[c]));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    public void Standardize_OverflowingResult_NamesItsColumn(int column)
    {
        float[] row = [.. Enumerable.Repeat(1f, 33)];
        row[column] = 3e38f;
        double[] means = new double[33], deviations = [.. Enumerable.Repeat(1.0, 33)];
        deviations[column] = 1e-3;

        ColumnStatistics.Standardize(row, means, deviations, new float[33]).Should().Be(column);
        ColumnStatistics.Standardize(row, means, deviations, new float[33], vectorized: false).Should().Be(column);
    }

    [Theory]
    [InlineData(0, float.NaN)]
    [InlineData(7, float.PositiveInfinity)]
    [InlineData(8, float.NegativeInfinity)]
    [InlineData(40, float.NaN)]
    [InlineData(63, float.PositiveInfinity)]
    public void IndexOfNonFinite_FindsTheFirst(int index, float value)
    {
        float[] values = TestData.Uniform(64, -1e38f, 1e38f, seed: 3);
        values[index] = value;
        if (index < 60)
        {
            values[60] = float.NaN; // a later one must not be reported
        }

        ColumnStatistics.IndexOfNonFinite(values).Should().Be(index);
        ColumnStatistics.IndexOfNonFinite(values, vectorized: false).Should().Be(index);
        ColumnStatistics.IndexOfNonFinite(TestData.Uniform(64, -1e38f, 1e38f, seed: 3)).Should().Be(-1);
    }

    [Fact]
    public void Standardizer_OnFashionSizedRows_MatchesTheTextbookLoops()
    {
        Tensor x = TestData.Matrix(50, 784, seed: 5, min: 0f, max: 1f);
        Standardizer scaler = Standardizer.Fit(x);
        Tensor z = scaler.Transform(x);

        for (int c = 0; c < 784; c += 97)
        {
            double mean = 0;
            for (int r = 0; r < 50; r++)
            {
                mean += x[r, c];
            }

            mean /= 50;
            double squares = 0;
            for (int r = 0; r < 50; r++)
            {
                double d = x[r, c] - mean;
                squares += d * d;
            }

            double deviation = Math.Sqrt(squares / 50);
            scaler.Means[c].Should().Be((float)mean);
            z[7, c].Should().Be((float)((x[7, c] - mean) / deviation));
        }
    }
}
