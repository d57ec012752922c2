using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralNet.Kernels;

/// <summary>
/// The per-column passes of standardisation (<see cref="Data.Standardizer"/>) and the finiteness check
/// of the data, one row at a time: column sums and squared deviations in double, and
/// z = (float)((x − μ) / σ).
/// </summary>
/// <remarks>
/// Each column keeps its own order of operations — its sum runs over the rows in order, one double
/// addition per row — so the vector path, which handles several columns side by side, gives the same
/// bits as the scalar loop. A float widened to double is exact, the double subtraction, product,
/// sum and division are the same IEEE operations in a vector lane, the products are not fused into
/// FMAs, and narrowing to float rounds to nearest as the scalar cast does.
/// </remarks>
internal static class ColumnStatistics
{
    /// <summary>sums[c] += row[c] for every column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRow(ReadOnlySpan<float> row, Span<double> sums, bool vectorized = true)
    {
        Check(row.Length, sums.Length);
        int c = 0;
        if (vectorized && Vector.IsHardwareAccelerated)
        {
            ref float x = ref MemoryMarshal.GetReference(row);
            ref double s = ref MemoryMarshal.GetReference(sums);
            int width = Vector<float>.Count, half = Vector<double>.Count;
            for (; c <= row.Length - width; c += width)
            {
                Vector.Widen(Vector.LoadUnsafe(ref x, (nuint)c), out Vector<double> low, out Vector<double> high);
                (Vector.LoadUnsafe(ref s, (nuint)c) + low).StoreUnsafe(ref s, (nuint)c);
                (Vector.LoadUnsafe(ref s, (nuint)(c + half)) + high).StoreUnsafe(ref s, (nuint)(c + half));
            }
        }

        for (; c < row.Length; c++)
        {
            sums[c] += row[c];
        }
    }

    /// <summary>sums[c] += (row[c] − means[c])² for every column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddSquaredDeviations(ReadOnlySpan<float> row, ReadOnlySpan<double> means, Span<double> sums, bool vectorized = true)
    {
        Check(row.Length, sums.Length);
        Check(row.Length, means.Length);
        int c = 0;
        if (vectorized && Vector.IsHardwareAccelerated)
        {
            ref float x = ref MemoryMarshal.GetReference(row);
            ref double m = ref MemoryMarshal.GetReference(means);
            ref double s = ref MemoryMarshal.GetReference(sums);
            int width = Vector<float>.Count, half = Vector<double>.Count;
            for (; c <= row.Length - width; c += width)
            {
                Vector.Widen(Vector.LoadUnsafe(ref x, (nuint)c), out Vector<double> low, out Vector<double> high);
                Vector<double> dLow = low - Vector.LoadUnsafe(ref m, (nuint)c);
                Vector<double> dHigh = high - Vector.LoadUnsafe(ref m, (nuint)(c + half));
                (Vector.LoadUnsafe(ref s, (nuint)c) + (dLow * dLow)).StoreUnsafe(ref s, (nuint)c);
                (Vector.LoadUnsafe(ref s, (nuint)(c + half)) + (dHigh * dHigh)).StoreUnsafe(ref s, (nuint)(c + half));
            }
        }

        for (; c < row.Length; c++)
        {
            double d = row[c] - means[c];
            sums[c] += d * d;
        }
    }

    /// <summary>
    /// destination[c] = (float)((row[c] − means[c]) / deviations[c]); returns the first column whose
    /// result is not a finite float, or −1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Standardize(
        ReadOnlySpan<float> row, ReadOnlySpan<double> means, ReadOnlySpan<double> deviations, Span<float> destination, bool vectorized = true)
    {
        Check(row.Length, means.Length);
        Check(row.Length, deviations.Length);
        Check(row.Length, destination.Length);
        int c = 0;
        if (vectorized && Vector.IsHardwareAccelerated)
        {
            ref float x = ref MemoryMarshal.GetReference(row);
            ref double m = ref MemoryMarshal.GetReference(means);
            ref double d = ref MemoryMarshal.GetReference(deviations);
            ref float z = ref MemoryMarshal.GetReference(destination);
            int width = Vector<float>.Count, half = Vector<double>.Count;
            var largest = new Vector<float>(float.MaxValue);
            for (; c <= row.Length - width; c += width)
            {
                Vector.Widen(Vector.LoadUnsafe(ref x, (nuint)c), out Vector<double> low, out Vector<double> high);
                low = (low - Vector.LoadUnsafe(ref m, (nuint)c)) / Vector.LoadUnsafe(ref d, (nuint)c);
                high = (high - Vector.LoadUnsafe(ref m, (nuint)(c + half))) / Vector.LoadUnsafe(ref d, (nuint)(c + half));
                Vector<float> result = Vector.Narrow(low, high);
                if (!Vector.LessThanOrEqualAll(Vector.Abs(result), largest))
                {
                    break; // the scalar loop finds the column (NaN fails the comparison too)
                }

                result.StoreUnsafe(ref z, (nuint)c);
            }
        }

        for (; c < row.Length; c++)
        {
            float value = (float)((row[c] - means[c]) / deviations[c]);
            if (!float.IsFinite(value))
            {
                return c;
            }

            destination[c] = value;
        }

        return -1;
    }

    /// <summary>The index of the first value that is NaN or infinite, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOfNonFinite(ReadOnlySpan<float> values, bool vectorized = true)
    {
        int i = 0;
        if (vectorized && Vector.IsHardwareAccelerated)
        {
            ref float x = ref MemoryMarshal.GetReference(values);
            var largest = new Vector<float>(float.MaxValue);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                if (!Vector.LessThanOrEqualAll(Vector.Abs(Vector.LoadUnsafe(ref x, (nuint)i)), largest))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static void Check(int columns, int length)
    {
        if (length < columns)
        {
            throw new ArgumentException($"A span of {length} values cannot hold {columns} columns.");
        }
    }
}
