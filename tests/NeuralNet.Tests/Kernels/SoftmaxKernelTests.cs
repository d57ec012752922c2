using NeuralNet.Kernels;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// Row-wise softmax against its scalar twin for every row length 0–256 and a few multi-row shapes,
/// and its numerical safety on logits up to ±1e4.
/// </summary>
/// <remarks>
/// Tolerances: the vector forward sums the exponentials in a different order from the scalar twin
/// and uses the vector exponential, so outputs may differ by 1e-6 relative (plus 1e-9 absolute for
/// outputs that underflow towards 0); rows sum to 1 within 1e-5. The backward kernels differ only
/// in how ⟨dy, y⟩ is summed, which moves each dx by at most y·n·2⁻²⁴·Σ|dy·y| — at most 2e-6 here.
/// </remarks>
public sealed class SoftmaxKernelTests
{
    private const double ForwardAbsolute = 1e-9;
    private const double ForwardRelative = 1e-6;
    private const double BackwardAbsolute = 2e-6;
    private const double BackwardRelative = 1e-5;

    public static TheoryData<int, int> Shapes => new()
    {
        { 2, 1 }, { 3, 7 }, { 5, 8 }, { 2, 9 }, { 4, 16 }, { 3, 17 }, { 2, 31 }, { 6, 64 }, { 3, 100 }, { 2, 257 }, { 0, 5 },
    };

    [Fact]
    public void Forward_OneRowOfEveryLengthUpTo256_MatchesScalarTwin()
    {
        for (int columns = 0; columns <= 256; columns++)
        {
            AssertForwardMatchesScalar(1, columns);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_SeveralRows_MatchesScalarTwinAndRowsSumToOne(int rows, int columns) =>
        AssertForwardMatchesScalar(rows, columns);

    [Fact]
    public void Backward_OneRowOfEveryLengthUpTo256_MatchesScalarTwin()
    {
        for (int columns = 0; columns <= 256; columns++)
        {
            AssertBackwardMatchesScalar(1, columns);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_SeveralRows_MatchesScalarTwinAndRowsSumToZero(int rows, int columns) =>
        AssertBackwardMatchesScalar(rows, columns);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(37)]
    public void Forward_ExtremeLogits_FiniteAndRowsSumToOne(int columns)
    {
        // Row 0: mixed extremes; row 1: all +1e4 (uniform); row 2: all −1e4 (uniform); row 3: one large value among very negative ones.
        float[] extremes = [1e4f, -1e4f, 88f, -88f, 0f, 89f, -89f, 1e4f];
        const int rows = 4;
        float[] x = new float[rows * columns];
        for (int j = 0; j < columns; j++)
        {
            x[j] = extremes[j % extremes.Length];
            x[columns + j] = 1e4f;
            x[(2 * columns) + j] = -1e4f;
            x[(3 * columns) + j] = j == columns / 2 ? 50f : -1e4f;
        }

        foreach (bool vector in new[] { true, false })
        {
            float[] y = new float[x.Length];

            if (vector)
            {
                SoftmaxKernel.Forward(x, y, rows, columns);
            }
            else
            {
                SoftmaxKernel.ForwardScalar(x, y, rows, columns);
            }

            string which = vector ? "Forward" : "ForwardScalar";
            Approx.AssertAllFinite(y, which);
            AssertRowsSumTo(y, rows, columns, 1.0, 1e-5, which);
            y.Skip(columns).Take(2 * columns).Should().AllSatisfy(v => v.Should().BeApproximately(1f / columns, 1e-6f), "{0}: equal logits give a uniform row", which);
            y[(3 * columns) + (columns / 2)].Should().Be(1f, "{0}: e^(−1e4 − 50) underflows, so the largest logit takes everything", which);
            if (columns > 1)
            {
                y[1].Should().Be(0f, "{0}: −1e4 against a maximum of 1e4 underflows to 0", which);
            }
        }
    }

    [Fact]
    public void Forward_KnownRow_GivesTextbookValues()
    {
        float[] x = [1f, 2f, 3f];
        float[] y = new float[3];

        SoftmaxKernel.Forward(x, y, 1, 3);

        double sum = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        Approx.AssertClose(y, [Math.Exp(1) / sum, Math.Exp(2) / sum, Math.Exp(3) / sum], 0, 1e-6, "softmax(1, 2, 3)");
    }

    [Fact]
    public void Forward_SpansTooShort_ThrowsArgumentException()
    {
        Action shortInput = () => SoftmaxKernel.Forward(new float[5], new float[6], 2, 3);
        Action shortOutput = () => SoftmaxKernel.Forward(new float[6], new float[5], 2, 3);
        Action shortGradient = () => SoftmaxKernel.Backward(new float[6], new float[5], new float[6], 2, 3);
        Action shortInputGradient = () => SoftmaxKernel.Backward(new float[6], new float[6], new float[5], 2, 3);

        shortInput.Should().Throw<ArgumentException>().WithMessage("*2×3*6*");
        shortOutput.Should().Throw<ArgumentException>();
        shortGradient.Should().Throw<ArgumentException>();
        shortInputGradient.Should().Throw<ArgumentException>();
    }

    private static void AssertForwardMatchesScalar(int rows, int columns)
    {
        float[] x = TestData.Uniform(rows * columns, -10f, 10f, seed: (rows * 1000) + columns);
        float[] actual = new float[(rows * columns) + 9];
        actual.AsSpan().Fill(-1f);
        float[] expected = new float[rows * columns];

        SoftmaxKernel.Forward(x, actual, rows, columns);
        SoftmaxKernel.ForwardScalar(x, expected, rows, columns);

        string context = $"softmax {rows}×{columns}";
        Approx.AssertClose(actual.AsSpan(0, rows * columns), expected, ForwardAbsolute, ForwardRelative, context);
        actual.Skip(rows * columns).Should().AllBeEquivalentTo(-1f, "{0} must not write past its rows", context);
        AssertRowsSumTo(actual, rows, columns, 1.0, 1e-5, context);
    }

    private static void AssertBackwardMatchesScalar(int rows, int columns)
    {
        float[] y = new float[rows * columns];
        SoftmaxKernel.ForwardScalar(TestData.Uniform(rows * columns, -3f, 3f, seed: columns), y, rows, columns);
        float[] dy = TestData.Uniform(rows * columns, -1f, 1f, seed: columns + 500);
        float[] actual = new float[rows * columns];
        float[] expected = new float[rows * columns];

        SoftmaxKernel.Backward(y, dy, actual, rows, columns);
        SoftmaxKernel.BackwardScalar(y, dy, expected, rows, columns);

        string context = $"softmax backward {rows}×{columns}";
        Approx.AssertClose(actual, expected, BackwardAbsolute, BackwardRelative, context);
        // Σᵢ yᵢ(dyᵢ − ⟨dy, y⟩) = ⟨dy, y⟩(1 − Σ y) ≈ 0: softmax is invariant to adding a constant to a row.
        AssertRowsSumTo(actual, rows, columns, 0.0, 1e-5, context);
    }

    private static void AssertRowsSumTo(float[] values, int rows, int columns, double target, double tolerance, string context)
    {
        if (columns == 0)
        {
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int j = 0; j < columns; j++)
            {
                sum += values[(r * columns) + j];
            }

            sum.Should().BeApproximately(target, tolerance, "{0}: row {1}", context, r);
        }
    }
}
