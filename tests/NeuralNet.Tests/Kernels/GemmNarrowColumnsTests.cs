using NeuralNet.Kernels;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// A·B with at most 15 columns and 12 or more rows (an output layer) runs one vector per row of C
/// (<c>Gemm.NarrowColumns</c>, on the 512-bit path). Each element must come out bit for
/// bit as when the same columns are computed as part of a wider product by the blocked path.
/// </summary>
public sealed class GemmNarrowColumnsTests
{
    public static TheoryData<int, int, int, bool, bool, bool> Cases
    {
        get
        {
            var data = new TheoryData<int, int, int, bool, bool, bool>();
            // 12 and 36 rows are whole groups; 70 and 1000 leave rows for the blocked path; 600 crosses depth blocks.
            foreach ((int m, int k) in new[] { (12, 128), (36, 5), (70, 600), (1000, 128) })
            {
                foreach (int n in new[] { 1, 2, 10, 15 })
                {
                    data.Add(m, n, k, false, false, false);
                    data.Add(m, n, k, true, true, true);
                    data.Add(m, n, k, false, true, false);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NarrowProduct_EqualsTheSameColumnsOfAWideProduct_BitForBit(int m, int n, int k, bool accumulate, bool bias, bool relu)
    {
        const int Wide = 40; // more columns than a vector: the blocked path
        float[] a = TestData.Uniform(m * k, -1, 1, seed: m + k);
        float[] bWide = TestData.Uniform(k * Wide, -1, 1, seed: k);
        float[] biasWide = bias ? TestData.Uniform(Wide, -1, 1, seed: n) : [];
        float[] cWide = TestData.Uniform(m * Wide, -1, 1, seed: m);
        float[] bNarrow = new float[k * n], cNarrow = new float[m * n];
        for (int p = 0; p < k; p++)
        {
            bWide.AsSpan(p * Wide, n).CopyTo(bNarrow.AsSpan(p * n));
        }

        for (int r = 0; r < m; r++)
        {
            cWide.AsSpan(r * Wide, n).CopyTo(cNarrow.AsSpan(r * n));
        }

        Gemm.OnPath gemm = Gemm.On(GemmPath.Vector512);
        gemm.Multiply(new GemmMatrix(a, m, k), new GemmMatrix(bNarrow, k, n), cNarrow, accumulate, bias ? biasWide.AsSpan(0, n) : default, relu);
        gemm.Multiply(new GemmMatrix(a, m, k), new GemmMatrix(bWide, k, Wide), cWide, accumulate, biasWide, relu);

        for (int r = 0; r < m; r++)
        {
            cNarrow.AsSpan(r * n, n).ToArray().Select(BitConverter.SingleToInt32Bits)
                .Should().Equal(cWide.AsSpan(r * Wide, n).ToArray().Select(BitConverter.SingleToInt32Bits), $"row {r}");
        }
    }
}
