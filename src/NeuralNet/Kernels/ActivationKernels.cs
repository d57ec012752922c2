using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralNet.Kernels;

/// <summary>
/// Element-wise activations and their derivatives on spans. Each is an operator struct below,
/// holding its scalar and its vector formula side by side, run by <see cref="ElementWise"/>; the
/// scalar twin the tests use is the same operator run with <c>vectorized: false</c>.
/// </summary>
/// <remarks>
/// <para>
/// Every backward form reads the forward <em>output</em> y, never the input, so layers keep one
/// buffer: σ′ = y(1 − y), tanh′ = 1 − y², ReLU′ = [y &gt; 0].
/// </para>
/// <para>
/// Sigmoid and tanh call the exponential: <see cref="MathF.Exp"/> in the scalar form and
/// <see cref="Vector.Exp(Vector{float})"/> in the vector form. They are different implementations
/// that often differ by an ulp (the vector one gives e⁰ = 1 + 2⁻²³), and the sigmoid of about one
/// float in fifteen still differs after 1/(1 + ·), so an element's result can depend on whether it
/// fell in the vector body or the remainder. Every other operation is the same IEEE operation in the
/// same order in both forms, and those operators agree bit for bit.
/// </para>
/// <para>
/// The vector forms that call the exponential are compiled as methods of their own
/// (<see cref="MethodImplOptions.NoInlining"/>, fully optimised on first use), called once per
/// vector. Inlined into the driver's loop, the JIT left <see cref="Vector.Exp(Vector{float})"/>'s own
/// helpers (widen, narrow, the polynomial) as calls — its inlining budget ran out, it seems — and the
/// sigmoid ran 1.8× slower than the single call per vector the hand-written loop made before.
/// </para>
/// </remarks>
internal static partial class ActivationKernels
{
    /// <summary>y = 1 / (1 + e^−x). Never NaN: rounds to exactly 1 above x ≈ 17 and underflows to 0 below x ≈ −88 (float32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => ElementWise.Map<SigmoidOperator>(x, y);

    /// <summary>dx = dy · y · (1 − y), with y the sigmoid's output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        ElementWise.Map<SigmoidBackwardOperator>(y, dy, dx);

    /// <summary>
    /// y = tanh x, computed as 1 − 2 / (e^{2x} + 1), which saturates to ±1 without overflow to NaN.
    /// Near 0 this form has an absolute error of about 2e-7, in the vector body and the remainder alike;
    /// negligible for training, and the tests' tolerance states it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => ElementWise.Map<TanhOperator>(x, y);

    /// <summary>dx = dy · (1 − y²), with y the tanh's output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        ElementWise.Map<TanhBackwardOperator>(y, dy, dx);

    /// <summary>y = max(x, 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(ReadOnlySpan<float> x, Span<float> y) => ElementWise.Map<ReluOperator>(x, y);

    /// <summary>dx = dy where y &gt; 0, else 0 (ReLU′(0) = 0, as in PyTorch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        ElementWise.Map<ReluBackwardOperator>(y, dy, dx);

    /// <summary>The logistic function of one value: the scalar form of <see cref="SigmoidOperator"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SigmoidOf(float x) => SigmoidOperator.Invoke(x);

    /// <summary>Throws an <see cref="ArgumentException"/> naming both lengths unless they are equal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CheckSameLength(int expected, int actual) => ElementWise.CheckSameLength(expected, actual);

    /// <summary>σ(x) = 1 / (1 + e^−x).</summary>
    internal readonly struct SigmoidOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x) => 1f / (1f + MathF.Exp(-x));

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector<float> Invoke(Vector<float> x) => Vector<float>.One / (Vector<float>.One + Vector.Exp(-x));
    }

    /// <summary>σ′ as dy · y · (1 − y), from the output y.</summary>
    internal readonly struct SigmoidBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float y, float dy) => dy * y * (1f - y);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Invoke(Vector<float> y, Vector<float> dy) => dy * y * (Vector<float>.One - y);
    }

    /// <summary>tanh x = 1 − 2 / (e^{2x} + 1): e^{2x} overflows to ∞ and gives exactly 1, never ∞/∞.</summary>
    internal readonly struct TanhOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x) => 1f - (2f / (MathF.Exp(2f * x) + 1f));

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector<float> Invoke(Vector<float> x) => Vector<float>.One - (new Vector<float>(2f) / (Vector.Exp(2f * x) + Vector<float>.One));
    }

    /// <summary>tanh′ as dy · (1 − y²), from the output y.</summary>
    internal readonly struct TanhBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float y, float dy) => dy * (1f - (y * y));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Invoke(Vector<float> y, Vector<float> dy) => dy * (Vector<float>.One - (y * y));
    }

    /// <summary>max(x, +0) as IEEE maximum: NaN stays NaN, so a diverged value reaches the loss.</summary>
    internal readonly struct ReluOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x) => x <= 0f ? 0f : x;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Invoke(Vector<float> x) => Vector.Max(x, Vector<float>.Zero);
    }

    /// <summary>ReLU′ as dy where y &gt; 0, else 0.</summary>
    internal readonly struct ReluBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float y, float dy) => y > 0f ? dy : 0f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Invoke(Vector<float> y, Vector<float> dy) =>
            Vector.ConditionalSelect(Vector.GreaterThan(y, Vector<float>.Zero), dy, Vector<float>.Zero);
    }
}
