using System.Runtime.InteropServices;
using NeuralNet.Kernels;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// The thread count changes which thread computes a tile, never the operations that compute it:
/// <c>Gemm.Multiply</c> must give bit-identical results on 1, 2 or 3 threads.
/// </summary>
/// <remarks>
/// These tests change the process-wide <see cref="Parallelism.MaxDegreeOfParallelism"/>, so they run
/// alone in the <see cref="ParallelismSetting"/> collection and restore the setting in a finally.
/// </remarks>
[Collection(ParallelismSetting.Name)]
public sealed class GemmDeterminismTests
{
    [Theory]
    [InlineData(128, 300, 200)]  // more row tiles than column tiles: split by rows
    [InlineData(1000, 40, 300)]  // many rows, two KC blocks: split by rows
    [InlineData(12, 1000, 300)]  // more column tiles: split by columns
    [InlineData(6, 2100, 100)]   // split by columns across the NC = 2048 boundary
    [InlineData(33, 785, 257)]   // a small batch, odd edges everywhere
    [InlineData(7, 785, 257)]    // a tiny batch: A·Bᵀ runs as row dot products
    public void Multiply_DifferentThreadCounts_GivesBitIdenticalResults(int m, int n, int k)
    {
        int original = Parallelism.MaxDegreeOfParallelism;
        try
        {
            foreach ((bool transposeA, bool transposeB, bool accumulate) in new[]
                { (false, false, false), (true, false, true), (false, true, false), (true, true, true) })
            {
                float[] a = TestData.Uniform(m * k, -1, 1, seed: m + k);
                float[] b = TestData.Uniform(k * n, -1, 1, seed: n + k);
                float[] c0 = TestData.Uniform(m * n, -1, 1, seed: m + n);

                float[] single = Run(1, a, transposeA, b, transposeB, c0, m, n, k, accumulate);
                foreach (int threads in new[] { 2, 3 })
                {
                    float[] parallel = Run(threads, a, transposeA, b, transposeB, c0, m, n, k, accumulate);

                    MemoryMarshal.Cast<float, int>(parallel).SequenceEqual(MemoryMarshal.Cast<float, int>(single))
                        .Should().BeTrue(
                            "{0}×{1}×{2} (Aᵀ: {3}, Bᵀ: {4}, accumulate: {5}) on {6} threads must match one thread bit for bit",
                            m, n, k, transposeA, transposeB, accumulate, threads);
                }
            }
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = original;
        }
    }

    [Fact]
    public void Multiply_FromSeveralThreadsAtOnce_EachMatchesTheSingleThreadResult()
    {
        // The kernel thread pool is shared: a caller that finds it busy must run its parts inline,
        // and concurrent products must not see each other's packed panels or jobs.
        const int m = 70, n = 90, k = 300, callers = 4, repeats = 5;
        int original = Parallelism.MaxDegreeOfParallelism;
        try
        {
            float[][] a = [.. Enumerable.Range(0, callers).Select(i => TestData.Uniform(m * k, -1, 1, seed: i))];
            float[][] b = [.. Enumerable.Range(0, callers).Select(i => TestData.Uniform(k * n, -1, 1, seed: 100 + i))];
            float[][] expected = [.. Enumerable.Range(0, callers).Select(i => Run(1, a[i], transposeA: false, b[i], transposeB: false, new float[m * n], m, n, k, accumulate: false))];
            Parallelism.MaxDegreeOfParallelism = 2;
            float[][] actual = [.. Enumerable.Range(0, callers).Select(_ => new float[m * n])];

            Parallel.For(0, callers, new ParallelOptions { MaxDegreeOfParallelism = callers }, i =>
            {
                for (int r = 0; r < repeats; r++)
                {
                    Gemm.Multiply(new GemmMatrix(a[i], m, k), new GemmMatrix(b[i], k, n), actual[i]);
                }
            });

            for (int i = 0; i < callers; i++)
            {
                MemoryMarshal.Cast<float, int>(actual[i]).SequenceEqual(MemoryMarshal.Cast<float, int>(expected[i]))
                    .Should().BeTrue("caller {0} must get its own product", i);
            }
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = original;
        }
    }

    [Fact]
    public void MaxDegreeOfParallelism_LessThanOne_ThrowsAndKeepsTheValue()
    {
        int original = Parallelism.MaxDegreeOfParallelism;

        Action set = () => Parallelism.MaxDegreeOfParallelism = 0;

        set.Should().Throw<ArgumentOutOfRangeException>();
        Parallelism.MaxDegreeOfParallelism.Should().Be(original);
    }

    private static float[] Run(
        int threads, float[] a, bool transposeA, float[] b, bool transposeB, float[] c0, int m, int n, int k, bool accumulate)
    {
        Parallelism.MaxDegreeOfParallelism = threads;
        float[] c = [.. c0];
        GemmForms.Multiply(Gemm.Path, a, b, c, (m, n, k), transposeA: transposeA, transposeB: transposeB, accumulate: accumulate);
        return c;
    }
}
