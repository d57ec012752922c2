using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralNet.Kernels;

/// <summary>
/// Element-wise activations and their derivatives on spans, each as a <see cref="Vector{T}"/>
/// loop with the remainder done once in scalar code, beside a scalar twin (<c>…Scalar</c>) that
/// the tests use as the oracle.
/// </summary>
/// <remarks>
/// Every backward form reads the forward <em>output</em> y, never the input, so layers keep one
/// buffer: σ′ = y(1 − y), tanh′ = 1 − y², ReLU′ = [y &gt; 0].
/// </remarks>
internal static class ActivationKernels
{
    /// <summary>y = 1 / (1 + e^−x). Never NaN: rounds to exactly 1 above x ≈ 17 and underflows to 0 below x ≈ −88 (float32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSameLength(x.Length, y.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            Span<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            for (int v = 0; v < xv.Length; v++)
            {
                yv[v] = Vector<float>.One / (Vector<float>.One + Vector.Exp(-xv[v]));
            }

            i = xv.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] = SigmoidOf(x[i]);
        }
    }

    /// <summary>Scalar twin of <see cref="Sigmoid"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SigmoidScalar(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSameLength(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = SigmoidOf(x[i]);
        }
    }

    /// <summary>dx = dy · y · (1 − y), with y the sigmoid's output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckSameLength(y.Length, dy.Length);
        CheckSameLength(y.Length, dx.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            ReadOnlySpan<Vector<float>> gv = MemoryMarshal.Cast<float, Vector<float>>(dy);
            Span<Vector<float>> dv = MemoryMarshal.Cast<float, Vector<float>>(dx);
            for (int v = 0; v < yv.Length; v++)
            {
                dv[v] = gv[v] * yv[v] * (Vector<float>.One - yv[v]);
            }

            i = yv.Length * Vector<float>.Count;
        }

        for (; i < y.Length; i++)
        {
            dx[i] = dy[i] * y[i] * (1f - y[i]);
        }
    }

    /// <summary>Scalar twin of <see cref="SigmoidBackward"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SigmoidBackwardScalar(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckSameLength(y.Length, dy.Length);
        CheckSameLength(y.Length, dx.Length);
        for (int i = 0; i < y.Length; i++)
        {
            dx[i] = dy[i] * y[i] * (1f - y[i]);
        }
    }

    /// <summary>
    /// y = tanh x, computed as 1 − 2 / (e^{2x} + 1), which saturates to ±1 without overflow to NaN.
    /// Near 0 this form has an absolute error of about 2e-7 (the remainder uses <see cref="MathF.Tanh"/>);
    /// negligible for training, and the tests' tolerance states it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSameLength(x.Length, y.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            Span<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            var two = new Vector<float>(2f);
            for (int v = 0; v < xv.Length; v++)
            {
                yv[v] = Vector<float>.One - (two / (Vector.Exp(two * xv[v]) + Vector<float>.One));
            }

            i = xv.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] = MathF.Tanh(x[i]);
        }
    }

    /// <summary>Scalar twin of <see cref="Tanh"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TanhScalar(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSameLength(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = MathF.Tanh(x[i]);
        }
    }

    /// <summary>dx = dy · (1 − y²), with y the tanh's output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckSameLength(y.Length, dy.Length);
        CheckSameLength(y.Length, dx.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            ReadOnlySpan<Vector<float>> gv = MemoryMarshal.Cast<float, Vector<float>>(dy);
            Span<Vector<float>> dv = MemoryMarshal.Cast<float, Vector<float>>(dx);
            for (int v = 0; v < yv.Length; v++)
            {
                dv[v] = gv[v] * (Vector<float>.One - (yv[v] * yv[v]));
            }

            i = yv.Length * Vector<float>.Count;
        }

        for (; i < y.Length; i++)
        {
            dx[i] = dy[i] * (1f - (y[i] * y[i]));
        }
    }

    /// <summary>Scalar twin of <see cref="TanhBackward"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TanhBackwardScalar(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckSameLength(y.Length, dy.Length);
        CheckSameLength(y.Length, dx.Length);
        for (int i = 0; i < y.Length; i++)
        {
            dx[i] = dy[i] * (1f - (y[i] * y[i]));
        }
    }

    /// <summary>y = max(x, 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSameLength(x.Length, y.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            Span<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            for (int v = 0; v < xv.Length; v++)
            {
                yv[v] = Vector.Max(xv[v], Vector<float>.Zero);
            }

            i = xv.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] = x[i] <= 0f ? 0f : x[i]; // IEEE maximum(x, +0), as Vector.Max: NaN stays NaN
        }
    }

    /// <summary>Scalar twin of <see cref="Relu"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluScalar(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSameLength(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] <= 0f ? 0f : x[i];
        }
    }

    /// <summary>dx = dy where y &gt; 0, else 0 (ReLU′(0) = 0, as in PyTorch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckSameLength(y.Length, dy.Length);
        CheckSameLength(y.Length, dx.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            ReadOnlySpan<Vector<float>> gv = MemoryMarshal.Cast<float, Vector<float>>(dy);
            Span<Vector<float>> dv = MemoryMarshal.Cast<float, Vector<float>>(dx);
            for (int v = 0; v < yv.Length; v++)
            {
                dv[v] = Vector.ConditionalSelect(Vector.GreaterThan(yv[v], Vector<float>.Zero), gv[v], Vector<float>.Zero);
            }

            i = yv.Length * Vector<float>.Count;
        }

        for (; i < y.Length; i++)
        {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }

    /// <summary>Scalar twin of <see cref="ReluBackward"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackwardScalar(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckSameLength(y.Length, dy.Length);
        CheckSameLength(y.Length, dx.Length);
        for (int i = 0; i < y.Length; i++)
        {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }

    /// <summary>The logistic function of one value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SigmoidOf(float x) => 1f / (1f + MathF.Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void CheckSameLength(int expected, int actual)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"Span lengths differ: {expected} and {actual}.", nameof(actual));
        }
    }
}
