using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralNet.Kernels;

/// <summary>
/// Reductions and row/column operations on spans: the small building blocks the layers, losses
/// and the softmax share. The element-wise ones (<see cref="Scale"/>, <see cref="Add"/>) are
/// operators run by <see cref="ElementWise"/>; the reductions have their own <see cref="Vector{T}"/>
/// loop and scalar remainder, and <see cref="AddColumnSums"/> a scalar twin ending in <c>Scalar</c>.
/// </summary>
internal static class VectorMath
{
    /// <summary>The largest element (−∞ for an empty span).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Max(ReadOnlySpan<float> x)
    {
        float max = float.NegativeInfinity;
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            Vector<float> m = xv[0];
            for (int v = 1; v < xv.Length; v++)
            {
                m = Vector.Max(m, xv[v]);
            }

            for (int lane = 0; lane < Vector<float>.Count; lane++)
            {
                max = MathF.Max(max, m[lane]);
            }

            i = xv.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            max = MathF.Max(max, x[i]);
        }

        return max;
    }

    /// <summary>y = e^(x − shift), returning Σ y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float ExpShifted(ReadOnlySpan<float> x, float shift, Span<float> y)
    {
        float sum = 0f;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            Span<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            var s = new Vector<float>(shift);
            Vector<float> acc = Vector<float>.Zero;
            for (int v = 0; v < xv.Length; v++)
            {
                Vector<float> e = Vector.Exp(xv[v] - s);
                yv[v] = e;
                acc += e;
            }

            sum = Vector.Sum(acc);
            i = xv.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] = MathF.Exp(x[i] - shift);
            sum += y[i];
        }

        return sum;
    }

    /// <summary>x *= factor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(Span<float> x, float factor) => ElementWise.Map(new ScaleOperator(factor), x, x);

    /// <summary>Σ xᵢ yᵢ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        float sum = 0f;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            ReadOnlySpan<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            Vector<float> acc = Vector<float>.Zero;
            for (int v = 0; v < xv.Length; v++)
            {
                acc = Vector.MultiplyAddEstimate(xv[v], yv[v], acc);
            }

            sum = Vector.Sum(acc);
            i = xv.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    /// <summary>sums += Σ over rows of the rows × sums.Length matrix (a bias gradient). Rows are added in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddColumnSums(ReadOnlySpan<float> matrix, int rows, Span<float> sums)
    {
        int columns = sums.Length;
        CheckMatrix(matrix.Length, rows, columns);
        for (int r = 0; r < rows; r++)
        {
            Add(matrix.Slice(r * columns, columns), sums);
        }
    }

    /// <summary>Scalar twin of <see cref="AddColumnSums"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddColumnSumsScalar(ReadOnlySpan<float> matrix, int rows, Span<float> sums)
    {
        int columns = sums.Length;
        CheckMatrix(matrix.Length, rows, columns);
        for (int r = 0; r < rows; r++)
        {
            ElementWise.Map<AddOperator>(matrix.Slice(r * columns, columns), sums, sums, vectorized: false);
        }
    }

    /// <summary>y += x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<float> x, Span<float> y) => ElementWise.Map<AddOperator>(x, y, y);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckMatrix(int length, int rows, int columns)
    {
        if (length < (long)rows * columns)
        {
            throw new ArgumentException($"A {rows}×{columns} matrix needs {(long)rows * columns} elements; got {length}.", nameof(length));
        }
    }

    /// <summary>x · factor.</summary>
    internal readonly struct ScaleOperator(float factor) : IStatefulUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Invoke(float x) => x * factor;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Invoke(Vector<float> x) => x * factor;
    }

    /// <summary>x + y.</summary>
    internal readonly struct AddOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x, float y) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Invoke(Vector<float> x, Vector<float> y) => x + y;
    }
}
