using NeuralNet.Kernels;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// A·B with up to 64 rows runs by row groups over B in place (<c>Gemm.FewRows</c>), larger products
/// through the blocked micro-kernels. Each element must come out bit for bit as the blocked path computes it,
/// so that a prediction for one sample equals that sample's row in a batch, and training with
/// batch size 1 gives the same weights whichever path a product takes.
/// </summary>
[Collection(ParallelismSetting.Name)]
public sealed class GemmFewRowsTests
{
    public static TheoryData<int, int, int, int, bool, bool, bool> Cases
    {
        get
        {
            var data = new TheoryData<int, int, int, int, bool, bool, bool>();
            foreach (GemmPath path in Enum.GetValues<GemmPath>())
            {
                foreach (int m in new[] { 1, 2, 3, 4, 5, 9, 32, 64 })
                {
                    // 784 and 600 cross depth blocks; 257 and 300 leave columns past the last whole vector;
                    // 128 and 256 are whole blocks; 10 and 3 have fewer columns than a block. Row counts
                    // cover single rows, groups of four and what remains after them.
                    foreach ((int n, int k) in new[] { (256, 784), (257, 600), (128, 256), (300, 33), (10, 128), (3, 5) })
                    {
                        data.Add((int)path, m, n, k, false, false, false);
                        data.Add((int)path, m, n, k, true, true, true);
                        data.Add((int)path, m, n, k, false, true, false);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FewRows_EqualTheSameRowsOfABlockedProduct_BitForBit(int path, int m, int n, int k, bool accumulate, bool bias, bool relu)
    {
        const int BlockedRows = 70; // more than FewRowsMax: the blocked path
        float[] a = TestData.Uniform(BlockedRows * k, -1, 1, seed: n + k);
        float[] b = TestData.Uniform(k * n, -1, 1, seed: n);
        float[] biasValues = bias ? TestData.Uniform(n, -1, 1, seed: k) : [];
        float[] c0 = TestData.Uniform(BlockedRows * n, -1, 1, seed: m);
        float[] few = c0[..(m * n)];
        float[] blocked = [.. c0];

        Gemm.OnPath gemm = Gemm.On((GemmPath)path);
        gemm.Multiply(new GemmMatrix(a.AsSpan(0, m * k), m, k), new GemmMatrix(b, k, n), few, accumulate, biasValues, relu);
        gemm.Multiply(new GemmMatrix(a, BlockedRows, k), new GemmMatrix(b, k, n), blocked, accumulate, biasValues, relu);

        few.Select(BitConverter.SingleToInt32Bits).Should().Equal(blocked[..(m * n)].Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void FewRows_OnTwoThreads_EqualOneThread()
    {
        float[] a = TestData.Uniform(784, -1, 1, seed: 1);
        float[] b = TestData.Uniform(784 * 2048, -1, 1, seed: 2);
        float[] one = new float[2048], two = new float[2048];
        int saved = Parallelism.MaxDegreeOfParallelism;
        try
        {
            Parallelism.MaxDegreeOfParallelism = 1;
            Gemm.Multiply(new GemmMatrix(a, 1, 784), new GemmMatrix(b, 784, 2048), one);
            Parallelism.MaxDegreeOfParallelism = 2;
            Gemm.Multiply(new GemmMatrix(a, 1, 784), new GemmMatrix(b, 784, 2048), two);
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = saved;
        }

        two.Should().Equal(one);
    }
}
