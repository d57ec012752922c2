using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
            float dot = VectorMath.Dot(gr, yr);
            int j = 0;
            if (Vector.IsHardwareAccelerated)
            {
                ReadOnlySpan<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(yr);
                ReadOnlySpan<Vector<float>> gv = MemoryMarshal.Cast<float, Vector<float>>(gr);
                Span<Vector<float>> dv = MemoryMarshal.Cast<float, Vector<float>>(dr);
                var d = new Vector<float>(dot);
                for (int v = 0; v < yv.Length; v++)
                {
                    dv[v] = yv[v] * (gv[v] - d);
                }

                j = yv.Length * Vector<float>.Count;
            }

            for (; j < columns; j++)
            {
                dr[j] = yr[j] * (gr[j] - dot);
            }
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

            for (int j = 0; j < columns; j++)
            {
                dx[(r * columns) + j] = y[(r * columns) + j] * (dy[(r * columns) + j] - dot);
            }
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
}
