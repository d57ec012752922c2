using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralNet.Kernels;

/// <summary>
/// The loop drivers of the element-wise kernels, one per arity. Each runs an operator
/// (see <see cref="IUnaryOperator"/> and its siblings) over spans as a <see cref="Vector{T}"/> loop and
/// finishes the remainder once with the same operator's scalar formula.
/// </summary>
/// <remarks>
/// <para>
/// With <c>vectorized: false</c> a driver sends every element through the scalar formula: that is
/// the scalar twin the tests use as the oracle, derived from the same operator rather than written
/// again.
/// </para>
/// <para>
/// Operators are structs passed as generic arguments, so the JIT compiles one copy of a driver per
/// operator with the formula inlined — no interface call at run time. The drivers are inlined into
/// the kernels' entry points, and both are compiled fully optimised on first use
/// (<see cref="MethodImplOptions.AggressiveOptimization"/>), so tiering and PGO never recompile their
/// loops; inlining also spares the short rows of a softmax a call and a length check each.
/// </para>
/// <para>
/// An output may be one of the inputs (x *= f, y += x): each element is read before it is written,
/// by the same lane. Outputs that overlap inputs at another offset are not supported.
/// </para>
/// </remarks>
internal static class ElementWise
{
    /// <summary>destination = f(x), element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Map<TOperator>(ReadOnlySpan<float> x, Span<float> destination, bool vectorized = true)
        where TOperator : struct, IUnaryOperator =>
        Map(default(Stateless<TOperator>), x, destination, vectorized);

    /// <summary>destination = f(x, y), element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Map<TOperator>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, bool vectorized = true)
        where TOperator : struct, IBinaryOperator =>
        Map(default(StatelessBinary<TOperator>), x, y, destination, vectorized);

    /// <summary>destination = op(x), element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Map<TOperator>(TOperator op, ReadOnlySpan<float> x, Span<float> destination, bool vectorized = true)
        where TOperator : struct, IStatefulUnaryOperator
    {
        CheckSameLength(x.Length, destination.Length);
        int i = 0;
        if (vectorized && Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            Span<Vector<float>> dv = MemoryMarshal.Cast<float, Vector<float>>(destination);
            for (int v = 0; v < xv.Length; v++)
            {
                dv[v] = op.Invoke(xv[v]);
            }

            i = xv.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            destination[i] = op.Invoke(x[i]);
        }
    }

    /// <summary>destination = op(x, y), element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Map<TOperator>(TOperator op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, bool vectorized = true)
        where TOperator : struct, IStatefulBinaryOperator
    {
        CheckSameLength(x.Length, y.Length);
        CheckSameLength(x.Length, destination.Length);
        int i = 0;
        if (vectorized && Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            ReadOnlySpan<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            Span<Vector<float>> dv = MemoryMarshal.Cast<float, Vector<float>>(destination);
            for (int v = 0; v < xv.Length; v++)
            {
                dv[v] = op.Invoke(xv[v], yv[v]);
            }

            i = xv.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            destination[i] = op.Invoke(x[i], y[i]);
        }
    }

    /// <summary>
    /// The two-slot update on <see cref="Vector512{T}"/> lanes where the hardware has them (else on
    /// <see cref="Vector{T}"/> lanes, as the plain update): the same operations per lane, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UpdateWide<TOperator>(TOperator op, Span<float> value, ReadOnlySpan<float> gradient,
        Span<float> first, Span<float> second, bool wide = true)
        where TOperator : struct, IWideUpdateOperator
    {
        if (!(wide && Vector512.IsHardwareAccelerated))
        {
            Update(op, value, gradient, first, second);
            return;
        }

        CheckSameLength(value.Length, gradient.Length);
        CheckSameLength(value.Length, first.Length);
        CheckSameLength(value.Length, second.Length);
        Span<Vector512<float>> pv = MemoryMarshal.Cast<float, Vector512<float>>(value);
        ReadOnlySpan<Vector512<float>> gv = MemoryMarshal.Cast<float, Vector512<float>>(gradient);
        Span<Vector512<float>> fv = MemoryMarshal.Cast<float, Vector512<float>>(first);
        Span<Vector512<float>> sv = MemoryMarshal.Cast<float, Vector512<float>>(second);
        for (int k = 0; k < pv.Length; k++)
        {
            op.Invoke(ref pv[k], gv[k], ref fv[k], ref sv[k]);
        }

        for (int i = pv.Length * Vector512<float>.Count; i < value.Length; i++)
        {
            op.Invoke(ref value[i], gradient[i], ref first[i], ref second[i]);
        }
    }

    /// <summary>Runs an optimizer's update with one state slot over a parameter: value and state are updated in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Update<TOperator>(TOperator op, Span<float> value, ReadOnlySpan<float> gradient, Span<float> state, bool vectorized = true)
        where TOperator : struct, IStateUpdateOperator
    {
        CheckSameLength(value.Length, gradient.Length);
        CheckSameLength(value.Length, state.Length);
        int i = 0;
        if (vectorized && Vector.IsHardwareAccelerated)
        {
            Span<Vector<float>> pv = MemoryMarshal.Cast<float, Vector<float>>(value);
            ReadOnlySpan<Vector<float>> gv = MemoryMarshal.Cast<float, Vector<float>>(gradient);
            Span<Vector<float>> sv = MemoryMarshal.Cast<float, Vector<float>>(state);
            for (int k = 0; k < pv.Length; k++)
            {
                op.Invoke(ref pv[k], gv[k], ref sv[k]);
            }

            i = pv.Length * Vector<float>.Count;
        }

        for (; i < value.Length; i++)
        {
            op.Invoke(ref value[i], gradient[i], ref state[i]);
        }
    }

    /// <summary>Runs an optimizer's update over a parameter: value, first and second are updated in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Update<TOperator>(TOperator op, Span<float> value, ReadOnlySpan<float> gradient,
        Span<float> first, Span<float> second, bool vectorized = true)
        where TOperator : struct, IUpdateOperator
    {
        CheckSameLength(value.Length, gradient.Length);
        CheckSameLength(value.Length, first.Length);
        CheckSameLength(value.Length, second.Length);
        int i = 0;
        if (vectorized && Vector.IsHardwareAccelerated)
        {
            Span<Vector<float>> pv = MemoryMarshal.Cast<float, Vector<float>>(value);
            ReadOnlySpan<Vector<float>> gv = MemoryMarshal.Cast<float, Vector<float>>(gradient);
            Span<Vector<float>> fv = MemoryMarshal.Cast<float, Vector<float>>(first);
            Span<Vector<float>> sv = MemoryMarshal.Cast<float, Vector<float>>(second);
            for (int k = 0; k < pv.Length; k++)
            {
                op.Invoke(ref pv[k], gv[k], ref fv[k], ref sv[k]);
            }

            i = pv.Length * Vector<float>.Count;
        }

        for (; i < value.Length; i++)
        {
            op.Invoke(ref value[i], gradient[i], ref first[i], ref second[i]);
        }
    }

    /// <summary>Throws unless two spans have the same length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckSameLength(int expected, int actual)
    {
        if (expected != actual)
        {
            ThrowLengthsDiffer(expected, actual);
        }
    }

    // Out of line, so that the check inlined into every kernel is a compare and a branch.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLengthsDiffer(int expected, int actual) =>
        throw new ArgumentException($"Span lengths differ: {expected} and {actual}.", nameof(actual));

    /// <summary>A parameterless operator seen through the stateful shape, so one driver serves both.</summary>
    private readonly struct Stateless<TOperator> : IStatefulUnaryOperator
        where TOperator : struct, IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Invoke(float x) => TOperator.Invoke(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Invoke(Vector<float> x) => TOperator.Invoke(x);
    }

    /// <summary>A parameterless binary operator seen through the stateful shape.</summary>
    private readonly struct StatelessBinary<TOperator> : IStatefulBinaryOperator
        where TOperator : struct, IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Invoke(float x, float y) => TOperator.Invoke(x, y);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Invoke(Vector<float> x, Vector<float> y) => TOperator.Invoke(x, y);
    }
}
