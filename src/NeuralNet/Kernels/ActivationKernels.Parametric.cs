using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralNet.Kernels;

// LeakyReLU, ELU, GELU, SiLU and Softplus. Unlike the activations of ActivationKernels.cs, their
// backward forms read the forward *input* x: GELU′ and SiLU′ cannot be written from the output
// alone, and for the others the input keeps the derivative exact at every x.
//
// LeakyReLU, ELU and SiLU and the backward form of Softplus have a vector form beside the scalar
// one. GELU (both directions) and the forward Softplus have none: they are computed in double
// precision (erf, log1p) one element at a time, and their kernels run the scalar form only
// (vectorized: false); the operators' vector members apply the scalar form lane by lane, so that
// they still satisfy the operator interfaces and agree with the scalar form bit for bit.
internal static partial class ActivationKernels
{
    /// <summary>1/√2.</summary>
    private const double InverseSqrt2 = 0.70710678118654752440;

    /// <summary>1/√π.</summary>
    private const double InverseSqrtPi = 0.56418958354775628695;

    /// <summary>1/√(2π).</summary>
    private const double InverseSqrt2Pi = 0.39894228040143267794;

    /// <summary>y = x where x &gt; 0, else slope·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LeakyRelu(float slope, ReadOnlySpan<float> x, Span<float> y) => ElementWise.Map(new LeakyReluOperator(slope), x, y);

    /// <summary>dx = dy where x &gt; 0, else slope·dy (the derivative at 0 is slope, as in PyTorch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LeakyReluBackward(float slope, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) =>
        ElementWise.Map(new LeakyReluBackwardOperator(slope), x, dy, dx);

    /// <summary>y = x where x &gt; 0, else α(eˣ − 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Elu(float alpha, ReadOnlySpan<float> x, Span<float> y) => ElementWise.Map(new EluOperator(alpha), x, y);

    /// <summary>dx = dy where x &gt; 0, else dy·α·eˣ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void EluBackward(float alpha, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) =>
        ElementWise.Map(new EluBackwardOperator(alpha), x, dy, dx);

    /// <summary>y = x·Φ(x) = ½x(1 + erf(x/√2)), in double precision, scalar only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gelu(ReadOnlySpan<float> x, Span<float> y) => ElementWise.Map<GeluOperator>(x, y, vectorized: false);

    /// <summary>dx = dy·(Φ(x) + x·φ(x)), in double precision, scalar only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GeluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) =>
        ElementWise.Map<GeluBackwardOperator>(x, dy, dx, vectorized: false);

    /// <summary>y = x·σ(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Silu(ReadOnlySpan<float> x, Span<float> y) => ElementWise.Map<SiluOperator>(x, y);

    /// <summary>dx = dy·σ(x)(1 + x(1 − σ(x))).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SiluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) =>
        ElementWise.Map<SiluBackwardOperator>(x, dy, dx);

    /// <summary>y = log(1 + e^{βx})/β where βx ≤ threshold, else x; in double precision, scalar only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softplus(float beta, float threshold, ReadOnlySpan<float> x, Span<float> y) =>
        ElementWise.Map(new SoftplusOperator(beta, threshold), x, y, vectorized: false);

    /// <summary>dx = dy·σ(βx) where βx ≤ threshold, else dy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftplusBackward(float beta, float threshold, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) =>
        ElementWise.Map(new SoftplusBackwardOperator(beta, threshold), x, dy, dx);

    /// <summary>
    /// Φ(x), the standard normal distribution function, as ½(1 + erf(x/√2)) for |x/√2| ≤ 3 and
    /// ½·erfc(|x|/√2) (or 1 minus it) beyond, so that the far lower tail keeps its relative accuracy.
    /// About 1e-16 relative error over the whole line.
    /// </summary>
    internal static double NormalCdf(double x)
    {
        double t = x * InverseSqrt2;
        return t < -3 ? 0.5 * ErfcContinuedFraction(-t)
            : t > 3 ? 1 - (0.5 * ErfcContinuedFraction(t))
            : 0.5 * (1 + ErfSeries(t));
    }

    /// <summary>
    /// erf t for |t| ≤ 3 from the series of positive terms
    /// erf t = (2/√π)·e^{−t²}·Σₙ (2t²)ⁿ·t / (1·3·5···(2n + 1)), which has no cancellation
    /// (each term is the one before times 2t²/(2n + 1)); at most about 50 terms at |t| = 3.
    /// </summary>
    internal static double ErfSeries(double t)
    {
        double twoTSquared = 2 * t * t, term = t, sum = t;
        for (int n = 1; n < 200; n++)
        {
            term *= twoTSquared / ((2 * n) + 1);
            sum += term;
            if (Math.Abs(term) <= 1e-17 * Math.Abs(sum))
            {
                break;
            }
        }

        return 2 * InverseSqrtPi * Math.Exp(-t * t) * sum;
    }

    /// <summary>
    /// erfc t for t ≥ 3 from Laplace's continued fraction
    /// erfc t = (e^{−t²}/√π) / (t + (1/2)/(t + (2/2)/(t + (3/2)/(t + ···)))), evaluated from a
    /// depth of 40 upwards; at t ≥ 3 it has converged to double precision well before that depth.
    /// </summary>
    internal static double ErfcContinuedFraction(double t)
    {
        double f = t;
        for (int k = 40; k >= 1; k--)
        {
            f = t + (0.5 * k / f);
        }

        return Math.Exp(-t * t) * InverseSqrtPi / f;
    }

    /// <summary>log(1 + u) without the rounding of 1 + u for small u: log(w)·u/(w − 1) with w = 1 + u (Goldberg's form).</summary>
    internal static double Log1P(double u)
    {
        double w = 1 + u;
        return w == 1 ? u : Math.Log(w) * u / (w - 1);
    }

    /// <summary>Applies a scalar form to each lane of <paramref name="x"/>: the vector member of an operator without a vector form.</summary>
    private static Vector<float> EachLane<TOperator>(Vector<float> x)
        where TOperator : IUnaryOperator
    {
        Span<float> lanes = stackalloc float[Vector<float>.Count];
        x.CopyTo(lanes);
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = TOperator.Invoke(lanes[i]);
        }

        return new Vector<float>(lanes);
    }

    /// <summary>x where x &gt; 0, else slope·x. NaN gives NaN.</summary>
    internal readonly struct LeakyReluOperator(float slope) : IStatefulUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Invoke(float x) => x > 0f ? x : slope * x;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Invoke(Vector<float> x) => Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), x, slope * x);
    }

    /// <summary>LeakyReLU′ as dy where x &gt; 0, else slope·dy, from the input x.</summary>
    internal readonly struct LeakyReluBackwardOperator(float slope) : IStatefulBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Invoke(float x, float dy) => x > 0f ? dy : slope * dy;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Invoke(Vector<float> x, Vector<float> dy) =>
            Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), dy, slope * dy);
    }

    /// <summary>
    /// x where x &gt; 0, else α(eˣ − 1). eˣ − 1 rather than an expm1: near 0 the absolute error is
    /// about 6e-8, negligible beside the float32 tolerance of training. The vector form takes eˣ
    /// of min(x, 0), so that a positive lane never overflows in the branch it discards.
    /// </summary>
    internal readonly struct EluOperator(float alpha) : IStatefulUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Invoke(float x) => x > 0f ? x : alpha * (MathF.Exp(x) - 1f);

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public Vector<float> Invoke(Vector<float> x) => Vector.ConditionalSelect(
            Vector.GreaterThan(x, Vector<float>.Zero), x, alpha * (Vector.Exp(Vector.Min(x, Vector<float>.Zero)) - Vector<float>.One));
    }

    /// <summary>ELU′ as dy where x &gt; 0, else dy·α·eˣ, from the input x.</summary>
    internal readonly struct EluBackwardOperator(float alpha) : IStatefulBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Invoke(float x, float dy) => x > 0f ? dy : dy * (alpha * MathF.Exp(x));

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public Vector<float> Invoke(Vector<float> x, Vector<float> dy) => Vector.ConditionalSelect(
            Vector.GreaterThan(x, Vector<float>.Zero), dy, dy * (alpha * Vector.Exp(Vector.Min(x, Vector<float>.Zero))));
    }

    /// <summary>GELU, x·Φ(x) in double then rounded once. Scalar only (see the file's note).</summary>
    internal readonly struct GeluOperator : IUnaryOperator
    {
        public static float Invoke(float x) => (float)(x * NormalCdf(x));

        public static Vector<float> Invoke(Vector<float> x) => EachLane<GeluOperator>(x);
    }

    /// <summary>GELU′ as dy·(Φ(x) + x·φ(x)), φ(x) = e^{−x²/2}/√(2π), from the input x. Scalar only.</summary>
    internal readonly struct GeluBackwardOperator : IBinaryOperator
    {
        public static float Invoke(float x, float dy)
        {
            double xd = x;
            return (float)(dy * (NormalCdf(xd) + (xd * Math.Exp(-0.5 * xd * xd) * InverseSqrt2Pi)));
        }

        public static Vector<float> Invoke(Vector<float> x, Vector<float> dy)
        {
            Span<float> result = stackalloc float[Vector<float>.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = Invoke(x[i], dy[i]);
            }

            return new Vector<float>(result);
        }
    }

    /// <summary>SiLU, x·σ(x) with σ as <see cref="SigmoidOperator"/> computes it.</summary>
    internal readonly struct SiluOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x) => x * SigmoidOperator.Invoke(x);

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector<float> Invoke(Vector<float> x) => x * (Vector<float>.One / (Vector<float>.One + Vector.Exp(-x)));
    }

    /// <summary>SiLU′ as dy·σ(x)(1 + x(1 − σ(x))), from the input x.</summary>
    internal readonly struct SiluBackwardOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x, float dy)
        {
            float s = SigmoidOperator.Invoke(x);
            return dy * (s * (1f + (x * (1f - s))));
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector<float> Invoke(Vector<float> x, Vector<float> dy)
        {
            Vector<float> s = Vector<float>.One / (Vector<float>.One + Vector.Exp(-x));
            return dy * (s * (Vector<float>.One + (x * (Vector<float>.One - s))));
        }
    }

    /// <summary>
    /// Softplus: x where z = βx (a float product, as PyTorch forms it) exceeds the threshold, else
    /// (max(z, 0) + log1p(e^{−|z|}))/β in double, which equals log(1 + e^z)/β without overflow for any
    /// finite threshold and keeps the relative accuracy of the far negative tail. Scalar only.
    /// </summary>
    internal readonly struct SoftplusOperator(float beta, float threshold) : IStatefulUnaryOperator
    {
        public float Invoke(float x)
        {
            float z = x * beta;
            if (z > threshold)
            {
                return x;
            }

            double zd = z;
            return (float)((Math.Max(zd, 0) + Log1P(Math.Exp(-Math.Abs(zd)))) / beta);
        }

        public Vector<float> Invoke(Vector<float> x)
        {
            Span<float> lanes = stackalloc float[Vector<float>.Count];
            for (int i = 0; i < lanes.Length; i++)
            {
                lanes[i] = Invoke(x[i]);
            }

            return new Vector<float>(lanes);
        }
    }

    /// <summary>Softplus′ as dy·σ(βx) where βx ≤ threshold, else dy (the linear region), from the input x.</summary>
    internal readonly struct SoftplusBackwardOperator(float beta, float threshold) : IStatefulBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Invoke(float x, float dy)
        {
            float z = x * beta;
            return z > threshold ? dy : dy * SigmoidOperator.Invoke(z);
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public Vector<float> Invoke(Vector<float> x, Vector<float> dy)
        {
            Vector<float> z = x * beta;
            return Vector.ConditionalSelect(
                Vector.GreaterThan(z, new Vector<float>(threshold)), dy, dy * (Vector<float>.One / (Vector<float>.One + Vector.Exp(-z))));
        }
    }
}
