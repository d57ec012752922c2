using NeuralNet.Kernels;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Kernels;

/// <summary>The gather split over threads copies exactly what the one-thread gather copies.</summary>
[Collection(ParallelismSetting.Name)]
public sealed class RowGatherParallelTests
{
    [Theory]
    [InlineData(1, 128, 784)]
    [InlineData(2, 128, 784)]
    [InlineData(2, 1021, 784)]
    [InlineData(2, 8, 9000)]
    [InlineData(2, 300, 10)]
    [InlineData(3, 257, 300)]
    public void GatherParallel_AnyThreadCount_EqualsTheOneThreadGather(int threads, int count, int columns)
    {
        const int sourceRows = 1500;
        float[] source = TestData.Uniform(sourceRows * columns, -1f, 1f, seed: columns);
        int[] rows = [.. Enumerable.Range(0, count).Select(i => (i * 7919) % sourceRows)];
        float[] expected = new float[count * columns];
        RowGather.Gather(source, columns, rows, expected, vectorized: false);
        float[] actual = new float[(count * columns) + 5];
        Array.Fill(actual, -7f);
        int saved = Parallelism.MaxDegreeOfParallelism;
        try
        {
            Parallelism.MaxDegreeOfParallelism = threads;
            RowGather.GatherParallel(source, columns, rows, actual);
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = saved;
        }

        actual.AsSpan(0, expected.Length).ToArray().Should().Equal(expected);
        actual.AsSpan(expected.Length).ToArray().Should().OnlyContain(v => v == -7f, "nothing is written past the batch");
    }

    [Fact]
    public void GatherParallel_RowOutsideTheSource_Throws()
    {
        int saved = Parallelism.MaxDegreeOfParallelism;
        try
        {
            Parallelism.MaxDegreeOfParallelism = 2;
            int[] rows = [.. Enumerable.Range(0, 200)];
            rows[150] = 400;
            Action act = () => RowGather.GatherParallel(new float[300 * 784], 784, rows, new float[200 * 784]);

            act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*is 400; the source has 300 rows*");
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = saved;
        }
    }
}
