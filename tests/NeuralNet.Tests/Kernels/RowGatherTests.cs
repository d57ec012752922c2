using NeuralNet.Kernels;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// <see cref="RowGather.Gather"/> against a row-by-row copy, element for element, over widths
/// 1–40 (below, at and past every vector width, so the overlapping last vector is hit) and the 784
/// of an image, for 0–13 rows (every remainder of the four-row groups), with repeated indices and a
/// guard zone after the destination; CI reruns it on each SIMD path.
/// </summary>
public sealed class RowGatherTests
{
    private const int SourceRows = 50;
    private const int Guard = 7;

    public static TheoryData<int> Widths() => [.. Enumerable.Range(1, 40).Append(784)];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Gather_EveryRowCount_CopiesTheIndexedRowsAndNothingElse(int columns)
    {
        float[] source = [.. Enumerable.Range(0, SourceRows * columns).Select(i => i + 0.5f)];
        var random = new Random(columns);
        for (int count = 0; count <= 13; count++)
        {
            int[] rows = [.. Enumerable.Range(0, count).Select(_ => random.Next(SourceRows))];
            if (count > 2)
            {
                rows[2] = rows[0]; // the same row twice in one batch
            }

            foreach (bool vectorized in new[] { true, false })
            {
                float[] destination = new float[(count * columns) + Guard];
                Array.Fill(destination, -1f);

                RowGather.Gather(source, columns, rows, destination, vectorized);

                for (int i = 0; i < destination.Length; i++)
                {
                    float expected = i < count * columns ? source[(rows[i / columns] * columns) + (i % columns)] : -1f;
                    destination[i].Should().Be(expected, $"{count} rows of {columns}, vectorized {vectorized}, index {i}");
                }
            }
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(SourceRows)]
    public void Gather_RowOutsideTheSource_ThrowsNamingIt(int row)
    {
        Action act = () => RowGather.Gather(new float[SourceRows * 9], 9, [0, 1, 2, 3, row], new float[45]);

        act.Should().ThrowExactly<ArgumentOutOfRangeException>().WithMessage($"rows[4] is {row}; the source has {SourceRows} rows.*");
    }

    [Fact]
    public void Gather_ShortDestination_Throws()
    {
        Action act = () => RowGather.Gather(new float[SourceRows * 9], 9, [0, 1], new float[17]);

        act.Should().ThrowExactly<ArgumentOutOfRangeException>().WithParameterName("destination");
    }
}
