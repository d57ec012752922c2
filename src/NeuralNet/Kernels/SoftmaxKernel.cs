using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralNet.Kernels;

/// <summary>Row-wise softmax and its backward pass on a row-major matrix, with scalar twins.</summary>
/// <remarks>
/// Forward: yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m) with m the row's maximum, so no exponent overflows and
/// the largest term is exactly 1 (the sum is never 0). Backward: dxᵢ = yᵢ (dyᵢ − Σⱼ dyⱼ yⱼ).
/// </remarks>
internal static class SoftmaxKernel
{
    /// <summary>Softmax of each row of x (rows × columns) into y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int rows, int columns)
    {
        CheckShape(x.Length, y.Length, rows, columns);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * columns, columns);
            Span<float> yr = y.Slice(r * columns, columns);
            float max = VectorMath.Max(xr);
            float sum = VectorMath.ExpShifted(xr, max, yr);
            VectorMath.Scale(yr, 1f / sum);
        }
    }

    /// <summary>Scalar twin of <see cref="Forward"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardScalar(ReadOnlySpan<float> x, Span<float> y, int rows, int columns)
    {
        CheckShape(x.Length, y.Length, rows, columns);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * columns, columns);
            Span<float> yr = y.Slice(r * columns, columns);
            float max = float.NegativeInfinity;
            foreach (float v in xr)
            {
                max = MathF.Max(max, v);
            }

            float sum = 0f;
            for (int j = 0; j < columns; j++)
            {
                yr[j] = MathF.Exp(xr[j] - max);
                sum += yr[j];
            }

            for (int j = 0; j < columns; j++)
            {
                yr[j] /= sum;
            }
        }
    }

    /// <summary>dx = y ⊙ (dy − rowwise ⟨dy, y⟩), with y the softmax output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, int columns)
    {
        CheckShape(y.Length, dy.Length, rows, columns);
        CheckShape(y.Length, dx.Length, rows, columns);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> yr = y.Slice(r * columns, columns);
            ReadOnlySpan<float> gr = dy.Slice(r * columns, columns);
            Span<float> dr = dx.Slice(r * columns, columns);
            ElementWise.Map(new BackwardOperator(VectorMath.Dot(gr, yr)), yr, gr, dr);
        }
    }

    /// <summary>Scalar twin of <see cref="Backward"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardScalar(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, int columns)
    {
        CheckShape(y.Length, dy.Length, rows, columns);
        CheckShape(y.Length, dx.Length, rows, columns);
        for (int r = 0; r < rows; r++)
        {
            float dot = 0f;
            for (int j = 0; j < columns; j++)
            {
                dot += dy[(r * columns) + j] * y[(r * columns) + j];
            }

            ElementWise.Map(new BackwardOperator(dot), y.Slice(r * columns, columns), dy.Slice(r * columns, columns),
                dx.Slice(r * columns, columns), vectorized: false);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckShape(int first, int second, int rows, int columns)
    {
        long needed = (long)rows * columns;
        if (first < needed || second < needed)
        {
            throw new ArgumentException($"A {rows}×{columns} softmax needs {needed} elements; got {first} and {second}.", nameof(rows));
        }
    }

    /// <summary>One row's dx = y (dy − ⟨dy, y⟩), with the row's ⟨dy, y⟩ computed beforehand.</summary>
    internal readonly struct BackwardOperator(float dot) : IStatefulBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Invoke(float y, float dy) => y * (dy - dot);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Invoke(Vector<float> y, Vector<float> dy) => y * (dy - new Vector<float>(dot));
    }
}
