using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralNet.Kernels;

/// <summary>
/// Bytes to floats for the data readers: destination[i] = x[i] / divisor (IDX pixels over 255).
/// </summary>
/// <remarks>
/// Division, not multiplication by the reciprocal: <c>b / 255f</c> and <c>b * (1f / 255f)</c> round
/// differently for some bytes, and the readers' output must stay the same floats it always was. A
/// vector division is the same correctly rounded IEEE operation as the scalar one, and a byte
/// widened to an int converts to float exactly, so both paths give the same bits. The vector path
/// widens one <see cref="Vector{T}"/> of bytes to four of ints (any vector width); the remainder
/// runs the scalar formula once.
/// </remarks>
internal static class ByteScaling
{
    /// <summary>destination[i] = x[i] / divisor, for i &lt; x.Length (destination may be longer).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Divide(ReadOnlySpan<byte> x, float divisor, Span<float> destination, bool vectorized = true)
    {
        if (destination.Length < x.Length)
        {
            throw new ArgumentException($"destination has {destination.Length} elements; x has {x.Length}.", nameof(destination));
        }

        int i = 0;
        if (vectorized && Vector.IsHardwareAccelerated)
        {
            ref byte source = ref MemoryMarshal.GetReference(x);
            ref float target = ref MemoryMarshal.GetReference(destination);
            var d = new Vector<float>(divisor);
            int floats = Vector<float>.Count;
            for (; i <= x.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(Vector.LoadUnsafe(ref source, (nuint)i), out Vector<ushort> low, out Vector<ushort> high);
                Vector.Widen(low, out Vector<uint> q0, out Vector<uint> q1);
                Vector.Widen(high, out Vector<uint> q2, out Vector<uint> q3);
                (Vector.ConvertToSingle(Vector.AsVectorInt32(q0)) / d).StoreUnsafe(ref target, (nuint)i);
                (Vector.ConvertToSingle(Vector.AsVectorInt32(q1)) / d).StoreUnsafe(ref target, (nuint)(i + floats));
                (Vector.ConvertToSingle(Vector.AsVectorInt32(q2)) / d).StoreUnsafe(ref target, (nuint)(i + (2 * floats)));
                (Vector.ConvertToSingle(Vector.AsVectorInt32(q3)) / d).StoreUnsafe(ref target, (nuint)(i + (3 * floats)));
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = x[i] / divisor;
        }
    }
}
