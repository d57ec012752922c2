using System.Runtime.Intrinsics;
using NeuralNet.Kernels;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// <c>Gemm.Multiply</c> against the plain triple loop <see cref="GemmReference"/>, in all four
/// forms, overwriting and accumulating, on sizes that leave partial register tiles and cross the
/// KC/MC/NC blocking boundaries.
/// </summary>
/// <remarks>
/// Tolerance: each element may differ from the (double-accumulated) reference by at most
/// (k + 2)·2⁻²⁴·(‖row i of op(A)‖₂·‖column j of op(B)‖₂ + |c₀ᵢⱼ|). (k + 2)·2⁻²⁴·(Σₚ |aᵢₚ||bₚⱼ| + |c₀ᵢⱼ|)
/// is the classical worst-case bound for a float32 sum of k products plus the final rounding and,
/// when accumulating, the add to the old C; Cauchy–Schwarz bounds Σₚ |aᵢₚ||bₚⱼ| by the product of
/// norms, which costs O(mk + kn) instead of a second triple loop and is only ~4/3 looser for
/// uniform data. The bound is rigorous, so it needs no safety factor, and a single lost or doubled
/// term (of size ≈ ‖a‖‖b‖/k ≫ k·2⁻²⁴·‖a‖‖b‖) breaks it.
/// </remarks>
public sealed class GemmTests
{
    private static readonly (int M, int N, int K)[] SmallSizes =
    [
        (1, 1, 1), (1, 257, 3), (257, 1, 7), (3, 7, 17), (7, 17, 33), (17, 33, 65), (33, 65, 100),
        (65, 100, 257), (100, 257, 1), (257, 3, 65), (17, 100, 7), (257, 33, 257),
    ];

    private static readonly (int M, int N, int K)[] LargeSizes =
    [
        (97, 40, 600),   // three KC = 256 blocks, one row past MC = 96
        (5, 2100, 300),  // crosses NC = 2048 and KC
        (193, 70, 257),  // two MC blocks plus one row, one step past KC
    ];

    public static TheoryData<int, int, int, bool, bool, bool> SmallCases
    {
        get
        {
            var data = new TheoryData<int, int, int, bool, bool, bool>();
            AddCases(data, SmallSizes, accumulates: [false, true]);
            return data;
        }
    }

    // The largest product takes ~0.5 s in the reference, so it runs accumulating only: that form
    // exercises both the first KC block's add to C and the later blocks' adds to partial sums.
    public static TheoryData<int, int, int, bool, bool, bool> LargeCases
    {
        get
        {
            var data = new TheoryData<int, int, int, bool, bool, bool>();
            AddCases(data, LargeSizes, accumulates: [false, true]);
            AddCases(data, [(300, 513, 260)], accumulates: [true]); // crosses KC = 256 and MC = 96 (three full row blocks and a partial one)
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SmallCases))]
    public void Multiply_AwkwardSizes_MatchesReference(int m, int n, int k, bool transposeA, bool transposeB, bool accumulate) =>
        AssertMatchesReference(m, n, k, transposeA, transposeB, accumulate);

    [Theory]
    [MemberData(nameof(LargeCases))]
    public void Multiply_SizesAcrossBlockBoundaries_MatchesReference(int m, int n, int k, bool transposeA, bool transposeB, bool accumulate) =>
        AssertMatchesReference(m, n, k, transposeA, transposeB, accumulate);

    /// <summary>
    /// Every micro-kernel on this machine, whatever <see cref="Gemm.Path"/> it picked (a
    /// <see cref="Vector512{T}"/> kernel computes correctly, if slowly, without AVX-512). The path is
    /// passed as an int because <see cref="GemmPath"/> is internal.
    /// </summary>
    [Theory]
    [MemberData(nameof(PathCases))]
    public void Multiply_EveryMicroKernelPath_MatchesReference(int path, int m, int n, int k, bool transposeA, bool transposeB) =>
        AssertMatchesReference(m, n, k, transposeA, transposeB, accumulate: true, (GemmPath)path);

    public static TheoryData<int, int, int, int, bool, bool> PathCases
    {
        get
        {
            var data = new TheoryData<int, int, int, int, bool, bool>();
            foreach (GemmPath path in Enum.GetValues<GemmPath>())
            {
                foreach ((int m, int n, int k) in new[] { (7, 17, 33), (13, 70, 260), (100, 33, 7) })
                {
                    foreach ((bool transposeA, bool transposeB) in new[] { (false, false), (true, false), (false, true), (true, true) })
                    {
                        data.Add((int)path, m, n, k, transposeA, transposeB);
                    }
                }
            }

            return data;
        }
    }

    /// <summary>
    /// Packing reads and writes eight floats at a time: operands sliced out of larger buffers
    /// (NaN around A and B, a sentinel around C) must give the reference result and leave every
    /// element outside C's m×n as it was.
    /// </summary>
    [Theory]
    [InlineData(96, 32, 256, false, false)]
    [InlineData(97, 40, 196, true, false)]
    [InlineData(100, 48, 260, false, true)]
    [InlineData(13, 70, 33, true, true)]
    public void Multiply_OperandsInsideLargerBuffers_TouchesOnlyTheirOwnElements(int m, int n, int k, bool transposeA, bool transposeB)
    {
        const int Margin = 64;
        const float Sentinel = 12345f;
        float[] a = TestData.Uniform(m * k, -1, 1, seed: 5);
        float[] b = TestData.Uniform(k * n, -1, 1, seed: 6);
        float[] paddedA = [.. Enumerable.Repeat(float.NaN, Margin), .. a, .. Enumerable.Repeat(float.NaN, Margin)];
        float[] paddedB = [.. Enumerable.Repeat(float.NaN, Margin), .. b, .. Enumerable.Repeat(float.NaN, Margin)];
        float[] paddedC = Enumerable.Repeat(Sentinel, (m * n) + (2 * Margin)).ToArray();
        float[] expected = new float[m * n];

        GemmForms.Multiply(
            Gemm.Path, paddedA.AsSpan(Margin, m * k), paddedB.AsSpan(Margin, k * n), paddedC.AsSpan(Margin, m * n), (m, n, k),
            transposeA: transposeA, transposeB: transposeB);
        GemmForms.Reference(a, b, expected, (m, n, k), transposeA: transposeA, transposeB: transposeB);

        paddedC.AsSpan(0, Margin).ToArray().Should().AllBeEquivalentTo(Sentinel);
        paddedC.AsSpan(Margin + (m * n)).ToArray().Should().AllBeEquivalentTo(Sentinel);
        float[] actual = paddedC.AsSpan(Margin, m * n).ToArray();
        for (int i = 0; i < actual.Length; i++)
        {
            actual[i].Should().BeApproximately(expected[i], 1e-4f * k, $"C[{i / n}, {i % n}] of {Form(transposeA, transposeB)} {m}×{n}×{k}");
        }
    }

    /// <summary>
    /// The bias-and-ReLU epilogue gives the same bits as the product, then the bias added to each
    /// row, then the ReLU — on every micro-kernel, in full and edge tiles, after one or several
    /// depth blocks, for row dot products (A·Bᵀ with ≤ 8 rows) and for an empty depth.
    /// </summary>
    [Theory]
    [MemberData(nameof(EpilogueCases))]
    public void Multiply_WithBiasAndRelu_MatchesProductThenBiasThenRelu(int path, int m, int n, int k, bool transposeB, bool accumulate, bool relu)
    {
        float[] a = TestData.Uniform(m * k, -1, 1, seed: m + n);
        float[] b = TestData.Uniform(k * n, -1, 1, seed: n + k);
        float[] bias = TestData.Uniform(n, -1, 1, seed: n);
        float[] c0 = TestData.Uniform(m * n, -1, 1, seed: m);
        float[] fused = [.. c0];
        float[] expected = [.. c0];

        Gemm.OnPath gemm = Gemm.On((GemmPath)path);
        GemmMatrix left = new(a, m, k);
        GemmMatrix right = GemmForms.OperandB(b, (m, n, k), transposeB);
        if (transposeB)
        {
            gemm.MultiplyTransposeB(left, right, fused, accumulate, bias, relu);
            gemm.MultiplyTransposeB(left, right, expected, accumulate);
        }
        else
        {
            gemm.Multiply(left, right, fused, accumulate, bias, relu);
            gemm.Multiply(left, right, expected, accumulate);
        }

        AddToEachRow(expected, bias, m);
        if (relu)
        {
            ActivationKernels.Relu(expected, expected);
        }

        fused.Should().Equal(expected);
        if (relu)
        {
            fused.Should().OnlyContain(v => v >= 0f);
        }
    }

    public static TheoryData<int, int, int, int, bool, bool, bool> EpilogueCases
    {
        get
        {
            var data = new TheoryData<int, int, int, int, bool, bool, bool>();
            foreach (GemmPath path in Enum.GetValues<GemmPath>())
            {
                // Full and edge tiles; 600 = three depth blocks; 7 rows of A·Bᵀ run as row dot products; k = 0.
                foreach ((int m, int n, int k) in new[] { (12, 64, 40), (13, 70, 600), (7, 45, 33), (5, 9, 0) })
                {
                    data.Add((int)path, m, n, k, false, false, true);
                    data.Add((int)path, m, n, k, false, true, true);
                    data.Add((int)path, m, n, k, true, false, false);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Multiply_BiasOfWrongLength_ThrowsArgumentException()
    {
        Action multiply = () => Gemm.Multiply(
            new GemmMatrix(new float[6], 2, 3), new GemmMatrix(new float[6], 3, 2), new float[4], bias: new float[3], relu: true);

        multiply.Should().Throw<ArgumentException>().WithMessage("*bias has 3 elements; C has 2 columns*");
    }

    [Fact]
    public void Multiply_KnownProduct_GivesExactValues()
    {
        // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]; small integers are exact in float.
        float[] a = [1, 2, 3, 4, 5, 6];
        float[] b = [7, 8, 9, 10, 11, 12];
        var c = new float[4];

        Gemm.Multiply(new GemmMatrix(a, 2, 3), new GemmMatrix(b, 3, 2), c);

        c.Should().Equal(58f, 64f, 139f, 154f);
    }

    [Fact]
    public void Multiply_ZeroDepthWithoutAccumulate_ClearsC()
    {
        float[] c = [1, 2, 3, 4, 5, 6];

        Gemm.Multiply(new GemmMatrix([], 2, 0), new GemmMatrix([], 0, 3), c);

        c.Should().AllBeEquivalentTo(0f);
    }

    [Fact]
    public void Multiply_ZeroDepthWithAccumulate_LeavesCUnchanged()
    {
        float[] c = [1, 2, 3, 4, 5, 6];

        Gemm.Multiply(new GemmMatrix([], 2, 0), new GemmMatrix([], 0, 3), c, accumulate: true);

        c.Should().Equal(1f, 2f, 3f, 4f, 5f, 6f);
    }

    [Fact]
    public void Multiply_ZeroRowsOrColumns_WritesNothing()
    {
        float[] c = [7, 7];

        Gemm.Multiply(new GemmMatrix(new float[6], 0, 3), new GemmMatrix(new float[6], 3, 2), c);
        Gemm.Multiply(new GemmMatrix(new float[6], 2, 3), new GemmMatrix(new float[6], 3, 0), c);

        c.Should().Equal(7f, 7f);
    }

    [Fact]
    public void Multiply_LongerSpans_WritesOnlyTheLeadingMByNElements()
    {
        const int m = 7, n = 9, k = 5;
        float[] a = TestData.Uniform((m * k) + 3, -1, 1, seed: 1);
        float[] b = TestData.Uniform((k * n) + 3, -1, 1, seed: 2);
        var c = new float[(m * n) + 10];
        c.AsSpan(m * n).Fill(42f);
        var expected = new float[m * n];

        Gemm.Multiply(new GemmMatrix(a, m, k), new GemmMatrix(b, k, n), c);
        GemmReference.Multiply(new GemmMatrix(a, m, k), new GemmMatrix(b, k, n), expected);

        c.AsSpan(m * n).ToArray().Should().AllBeEquivalentTo(42f);
        Approx.AssertClose(c.AsSpan(0, m * n), expected, 1e-5, 1e-5, "leading elements");
    }

    [Theory]
    [InlineData(5, 0, 0)] // A short
    [InlineData(0, 5, 0)] // B short
    [InlineData(0, 0, 5)] // C short
    public void Multiply_SpanTooShort_ThrowsArgumentException(int aShortBy, int bShortBy, int cShortBy)
    {
        const int m = 4, n = 3, k = 5;
        var a = new float[(m * k) - aShortBy];
        var b = new float[(k * n) - bShortBy];
        var c = new float[(m * n) - cShortBy];

        Action multiply = () => Gemm.Multiply(new GemmMatrix(a, m, k), new GemmMatrix(b, k, n), c);
        Action reference = () => GemmReference.Multiply(new GemmMatrix(a, m, k), new GemmMatrix(b, k, n), c);

        multiply.Should().Throw<ArgumentException>().WithMessage("*needs*");
        reference.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData(-1, 2, 2)]
    [InlineData(2, -1, 2)]
    [InlineData(2, 2, -1)]
    public void Multiply_NegativeDimension_ThrowsArgumentOutOfRangeException(int m, int n, int k)
    {
        Action multiply = () => Gemm.Multiply(new GemmMatrix(new float[16], m, k), new GemmMatrix(new float[16], k, n), new float[16]);

        multiply.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Multiply_SharedDimensionsDiffer_ThrowsArgumentException()
    {
        // op(A) is 4×5 and op(B) is 6×3 in every form: no product, whatever the spans' lengths.
        float[] a = new float[20], b = new float[18], c = new float[12];
        Action[] products =
        [
            () => Gemm.Multiply(new GemmMatrix(a, 4, 5), new GemmMatrix(b, 6, 3), c),
            () => Gemm.MultiplyTransposeA(new GemmMatrix(a, 5, 4), new GemmMatrix(b, 6, 3), c),
            () => Gemm.MultiplyTransposeB(new GemmMatrix(a, 4, 5), new GemmMatrix(b, 3, 6), c),
        ];

        foreach (Action product in products)
        {
            product.Should().Throw<ArgumentException>().WithMessage("*is 4×5 and*is 6×3: the shared dimension differs*");
        }
    }

    private static void AddCases(
        TheoryData<int, int, int, bool, bool, bool> data, (int M, int N, int K)[] sizes, params bool[] accumulates)
    {
        foreach ((int m, int n, int k) in sizes)
        {
            foreach (bool transposeA in new[] { false, true })
            {
                foreach (bool transposeB in new[] { false, true })
                {
                    foreach (bool accumulate in accumulates)
                    {
                        data.Add(m, n, k, transposeA, transposeB, accumulate);
                    }
                }
            }
        }
    }

    private static void AssertMatchesReference(
        int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, GemmPath? path = null)
    {
        int seed = (m * 7919) + (n * 31) + k;
        float[] a = TestData.Uniform(m * k, -1, 1, seed);
        float[] b = TestData.Uniform(k * n, -1, 1, seed + 1);
        // Without accumulate C must be overwritten, never read: NaN would show through.
        float[] c0 = accumulate ? TestData.Uniform(m * n, -1, 1, seed + 2) : Enumerable.Repeat(float.NaN, m * n).ToArray();
        float[] actual = [.. c0];
        float[] expected = [.. c0];

        GemmForms.Multiply(path ?? Gemm.Path, a, b, actual, (m, n, k), transposeA: transposeA, transposeB: transposeB, accumulate: accumulate);
        GemmForms.Reference(a, b, expected, (m, n, k), transposeA: transposeA, transposeB: transposeB, accumulate: accumulate);

        double[] rowNorms = Norms(a, m, k, transposeA);
        double[] columnNorms = Norms(b, n, k, !transposeB);
        double unit = Math.ScaleB(1.0, -24);
        for (int i = 0; i < m * n; i++)
        {
            double scale = (rowNorms[i / n] * columnNorms[i % n]) + (accumulate ? Math.Abs(c0[i]) : 0);
            double bound = (k + 2) * unit * scale;
            double difference = Math.Abs((double)actual[i] - expected[i]);
            if (!(difference <= bound))
            {
                Assert.Fail(
                    $"{Form(transposeA, transposeB)} {m}×{n}×{k} accumulate={accumulate} on {path ?? Gemm.Path}: " +
                    $"C[{i / n}, {i % n}] = {actual[i]:R}, reference {expected[i]:R}, difference {difference:E2} > bound {bound:E2}.");
            }
        }
    }

    /// <summary>Adds <paramref name="row"/> to each of the <paramref name="rows"/> rows of <paramref name="matrix"/>: the bias the epilogue adds, done the plain way.</summary>
    private static void AddToEachRow(float[] matrix, float[] row, int rows)
    {
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < row.Length; j++)
            {
                matrix[(i * row.Length) + j] += row[j];
            }
        }
    }

    /// <summary>The Euclidean norm of each of <paramref name="count"/> vectors of length <paramref name="length"/>, stored as rows (or as columns when <paramref name="strided"/>).</summary>
    private static double[] Norms(float[] matrix, int count, int length, bool strided)
    {
        var norms = new double[count];
        for (int v = 0; v < count; v++)
        {
            double sum = 0;
            for (int p = 0; p < length; p++)
            {
                double x = strided ? matrix[(p * count) + v] : matrix[(v * length) + p];
                sum += x * x;
            }

            norms[v] = Math.Sqrt(sum);
        }

        return norms;
    }

    private static string Form(bool transposeA, bool transposeB) =>
        (transposeA ? "Aᵀ" : "A") + "·" + (transposeB ? "Bᵀ" : "B");
}
