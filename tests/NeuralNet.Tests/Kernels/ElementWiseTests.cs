using System.Globalization;
using System.Runtime.InteropServices;
using NeuralNet.Kernels;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// Every element-wise operator, through its kernel's entry point, against its scalar twin — the
/// same operator run by <see cref="ElementWise"/> with <c>vectorized: false</c> — over every length
/// 0–256 (so every remainder of every vector width is hit), with each span at a different
/// misalignment and a guard zone after it; and each operator's result against its formula in double.
/// </summary>
/// <remarks>
/// The vector and scalar forms of an operator perform the same IEEE operations in the same order,
/// so they must agree bit for bit (signed zeros included) — except sigmoid and tanh, whose vector
/// form calls <see cref="System.Numerics.Vector.Exp(System.Numerics.Vector{float})"/> and scalar form
/// <see cref="MathF.Exp"/>, two implementations an ulp apart: they may differ by 3e-7 + 1e-6·|y|.
/// Against the formula in double, tanh's 1 − 2/(e^{2x} + 1) loses relative precision near 0 by
/// cancellation: its error there is absolute, about 2 ulp of 1 (2.4e-7).
/// </remarks>
public sealed class ElementWiseTests
{
    private const int MaxLength = 256;
    private const int Guard = 17;
    private const double ExpAbsolute = 3e-7;
    private const double ExpRelative = 1e-6;

    /// <summary>Up to four spans: the inputs, then the output, or the spans an update works on in place.</summary>
    private delegate void Kernel(Span<float> a, Span<float> b, Span<float> c, Span<float> d);

    /// <summary>The element-wise formula in double, from the inputs at one index.</summary>
    private sealed record Reference(int Output, Func<double[], double> Formula, double Absolute, double Relative);

    /// <summary>One operator: the range of each span's initial values, the kernel and its scalar twin.</summary>
    private sealed record Case((float Min, float Max)[] Ranges, Kernel Vectorized, Kernel ScalarTwin,
        double Absolute = 0, double Relative = 0, Reference? Reference = null);

    private static readonly (float, float) Wide = (-12f, 12f), Unit = (-1f, 1f), Probability = (0f, 1f), Output = (0f, 0f);

    private static readonly Dictionary<string, Case> Operators = new()
    {
        ["Sigmoid"] = new([Wide, Output],
            (x, y, _, _) => ActivationKernels.Sigmoid(x, y),
            (x, y, _, _) => ElementWise.Map<ActivationKernels.SigmoidOperator>(x, y, vectorized: false),
            ExpAbsolute, ExpRelative, new(1, v => 1 / (1 + Math.Exp(-v[0])), 1e-9, 1e-6)),
        ["SigmoidBackward"] = new([Probability, Unit, Output],
            (y, dy, dx, _) => ActivationKernels.SigmoidBackward(y, dy, dx),
            (y, dy, dx, _) => ElementWise.Map<ActivationKernels.SigmoidBackwardOperator>(y, dy, dx, vectorized: false),
            Reference: new(2, v => v[1] * v[0] * (1 - v[0]), 1e-12, 1e-6)),
        ["Tanh"] = new([Wide, Output],
            (x, y, _, _) => ActivationKernels.Tanh(x, y),
            (x, y, _, _) => ElementWise.Map<ActivationKernels.TanhOperator>(x, y, vectorized: false),
            ExpAbsolute, ExpRelative, new(1, v => Math.Tanh(v[0]), ExpAbsolute, ExpRelative)),
        ["TanhBackward"] = new([Unit, Unit, Output],
            (y, dy, dx, _) => ActivationKernels.TanhBackward(y, dy, dx),
            (y, dy, dx, _) => ElementWise.Map<ActivationKernels.TanhBackwardOperator>(y, dy, dx, vectorized: false),
            Reference: new(2, v => v[1] * (1 - (v[0] * v[0])), 2e-7, 1e-6)),
        ["Relu"] = new([Unit, Output],
            (x, y, _, _) => ActivationKernels.Relu(x, y),
            (x, y, _, _) => ElementWise.Map<ActivationKernels.ReluOperator>(x, y, vectorized: false),
            Reference: new(1, v => Math.Max(v[0], 0), 0, 0)),
        ["ReluBackward"] = new([Unit, Unit, Output],
            (y, dy, dx, _) => ActivationKernels.ReluBackward(y, dy, dx),
            (y, dy, dx, _) => ElementWise.Map<ActivationKernels.ReluBackwardOperator>(y, dy, dx, vectorized: false),
            Reference: new(2, v => v[0] > 0 ? v[1] : 0, 0, 0)),
        ["Add"] = new([Unit, Unit],
            (x, y, _, _) => VectorMath.Add(x, y),
            (x, y, _, _) => ElementWise.Map<VectorMath.AddOperator>(x, y, y, vectorized: false),
            Reference: new(1, v => v[0] + v[1], 0, 1e-7)),
        ["Scale"] = new([Unit],
            (x, _, _, _) => VectorMath.Scale(x, 0.37f),
            (x, _, _, _) => ElementWise.Map(new VectorMath.ScaleOperator(0.37f), x, x, vectorized: false),
            Reference: new(0, v => v[0] * 0.37f, 0, 1e-7)),
        ["SoftmaxBackwardRow"] = new([Probability, Unit, Output],
            (y, dy, dx, _) => ElementWise.Map(new SoftmaxKernel.BackwardOperator(0.3f), y, dy, dx),
            (y, dy, dx, _) => ElementWise.Map(new SoftmaxKernel.BackwardOperator(0.3f), y, dy, dx, vectorized: false),
            Reference: new(2, v => v[0] * (v[1] - 0.3f), 1e-7, 1e-6)),
        ["Sgd"] = new([Unit, Unit],
            (value, gradient, _, _) => OptimizerKernels.Sgd(value, gradient, 0.05f, 0.1f),
            (value, gradient, _, _) => ElementWise.Map(new OptimizerKernels.SgdOperator(0.05f, 0.1f), value, gradient, value, vectorized: false),
            Reference: new(0, v => v[0] - (0.05f * (v[1] + (0.1f * v[0]))), 1e-7, 1e-6)),
        ["Adam"] = new([Unit, Unit, Unit, Probability],
            (value, gradient, m, v) => OptimizerKernels.Adam(value, gradient, m, v, 0.9f, 0.999f, 1e-8f, 0.01f, 0.02f, 0.1f),
            (value, gradient, m, v) => ElementWise.Update(
                new OptimizerKernels.AdamOperator(0.9f, 0.999f, 1e-8f, 0.01f, 0.02f, 0.1f), value, gradient, m, v, vectorized: false)),
    };

    public static TheoryData<string> Names() => [.. Operators.Keys];

    /// <summary>The operators with an output span of their own (the others update in place already).</summary>
    public static TheoryData<string> OutOfPlaceNames() => [.. Operators.Where(o => o.Value.Ranges[^1] == Output).Select(o => o.Key)];

    public static TheoryData<string> NamesWithReference() => [.. Operators.Where(o => o.Value.Reference is not null).Select(o => o.Key)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Kernel_EveryLengthUpTo256_MatchesScalarTwin(string name)
    {
        Case op = Operators[name];
        for (int length = 0; length <= MaxLength; length++)
        {
            float[][] vector = Inputs(op, length, seed: length);
            float[][] scalar = [.. vector.Select(a => a.ToArray())];
            float[][] before = [.. vector.Select(a => a.ToArray())];

            Run(op.Vectorized, vector, length);
            Run(op.ScalarTwin, scalar, length);

            for (int s = 0; s < vector.Length; s++)
            {
                string context = $"{name}, length {length}, span {s}";
                // The scalar twin writes exactly the span, so any difference past it is a stray vector write.
                AssertBitwiseEqual(vector[s].AsSpan(Offset(s) + length), before[s].AsSpan(Offset(s) + length), context + " guard zone");
                AssertAgree(op, vector[s], scalar[s], context);
            }
        }
    }

    [Theory]
    [MemberData(nameof(NamesWithReference))]
    public void Kernel_EveryLengthUpTo256_FollowsItsFormulaInDouble(string name)
    {
        Case op = Operators[name];
        Reference reference = op.Reference!;
        foreach (bool vectorized in new[] { true, false })
        {
            for (int length = 0; length <= MaxLength; length++)
            {
                float[][] spans = Inputs(op, length, seed: length + 7000);
                double[] expected = new double[length];
                for (int i = 0; i < length; i++)
                {
                    expected[i] = reference.Formula([.. spans.Select((a, s) => (double)a[Offset(s) + i])]);
                }

                Run(vectorized ? op.Vectorized : op.ScalarTwin, spans, length);

                Approx.AssertClose(spans[reference.Output].AsSpan(Offset(reference.Output), length), expected,
                    reference.Absolute, reference.Relative, $"{name} ({(vectorized ? "vector" : "scalar twin")}), length {length}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(OutOfPlaceNames))]
    public void Kernel_OutputIsAnInput_SameResultAsSeparateOutput(string name)
    {
        Case op = Operators[name];
        // As GEMM's tests call Relu(x, x): the output overwrites the first input.
        float[] x = TestData.Uniform(67, op.Ranges[0].Min, op.Ranges[0].Max, seed: 3);
        float[] second = TestData.Uniform(67, Unit.Item1, Unit.Item2, seed: 4);
        float[] separate = new float[67];
        float[] inPlace = [.. x];

        if (op.Ranges.Length == 2)
        {
            op.Vectorized(x, separate, [], []);
            op.Vectorized(inPlace, inPlace, [], []);
        }
        else
        {
            op.Vectorized(x, second, separate, []);
            op.Vectorized(inPlace, second, inPlace, []);
        }

        AssertBitwiseEqual(inPlace, separate, name);
    }

    /// <summary>Span s starts at offset s + 1 of its array, so the spans are misaligned differently; a guard zone follows.</summary>
    private static int Offset(int span) => span + 1;

    /// <summary>
    /// Each span's initial values: sentinels for an output, else uniform in the case's range with a
    /// signed zero every few elements (so that −0 against +0 shows, as for ReLU of −0).
    /// </summary>
    private static float[][] Inputs(Case op, int length, int seed) =>
        [.. op.Ranges.Select((range, s) => range == Output
            ? Enumerable.Repeat(12345f, Offset(s) + length + Guard).ToArray()
            : WithSignedZeros(TestData.Uniform(Offset(s) + length + Guard, range.Min, range.Max, seed: seed + (1000 * s))))];

    private static float[] WithSignedZeros(float[] values)
    {
        for (int i = 3; i < values.Length; i += 7)
        {
            values[i] = i % 2 == 0 ? 0f : -0f;
        }

        return values;
    }

    private static void Run(Kernel kernel, float[][] spans, int length)
    {
        Span<float> Span(int s) => s < spans.Length ? spans[s].AsSpan(Offset(s), length) : [];
        kernel(Span(0), Span(1), Span(2), Span(3));
    }

    private static void AssertAgree(Case op, float[] vector, float[] scalar, string context)
    {
        if (op.Absolute == 0 && op.Relative == 0)
        {
            AssertBitwiseEqual(vector, scalar, context);
        }
        else
        {
            Approx.AssertClose(vector, scalar, op.Absolute, op.Relative, context);
        }
    }

    /// <summary>Bit for bit: unlike ==, tells −0 from +0 (and compares NaNs by payload).</summary>
    private static void AssertBitwiseEqual(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string context)
    {
        ReadOnlySpan<int> a = MemoryMarshal.Cast<float, int>(actual), e = MemoryMarshal.Cast<float, int>(expected);
        if (a.Length != e.Length)
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{context}: {a.Length} results but {e.Length} expected."));
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != e[i])
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{context}: element {i} is {actual[i]:R} (0x{a[i]:X8}); expected {expected[i]:R} (0x{e[i]:X8})."));
            }
        }
    }
}
