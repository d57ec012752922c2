using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralNet.Data;

internal static partial class Crc32
{
    /// <summary>
    /// CRC-32 by folding with carry-less multiplication (x86 <c>PCLMULQDQ</c>): 64 bytes per step in
    /// four 128-bit lanes, then folded to 128 bits and reduced to 32 by Barrett's method.
    /// </summary>
    /// <remarks>
    /// The algorithm and constants are those of Intel's "Fast CRC Computation for Generic Polynomials
    /// Using PCLMULQDQ Instruction" (Gopal et al., 2009) in the bit-reflected domain of this
    /// polynomial, as in zlib's and Chromium's <c>crc32_simd.c</c> and Linux's <c>crc32-pclmul</c>:
    /// k1 = x^(4·128+32) mod P and k2 = x^(4·128−32) mod P fold 512 bits ahead, k3/k4 the same for
    /// 128 bits, k5 folds 64 bits to 32, μ and P′ drive the reduction. The state is the running
    /// (complemented) state of <see cref="UpdateScalar"/>, so the two paths chain in any order; the
    /// tests hold this one to the tables on every length and split.
    /// </remarks>
    internal static class Folding
    {
        /// <summary>The folding needs one 64-byte block to start from.</summary>
        public const int MinimumLength = 64;

        /// <summary>Whether the CPU multiplies without carries (and the JIT may use it).</summary>
        public static bool IsSupported => Pclmulqdq.IsSupported && Sse2.IsSupported;

        /// <summary>The state after <paramref name="data"/> (a multiple of 16 bytes, at least 64).</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static uint Update(uint state, ReadOnlySpan<byte> data)
        {
            if (!IsSupported || data.Length < MinimumLength || data.Length % 16 != 0)
            {
                throw new ArgumentException($"Folding needs carry-less multiplication and a multiple of 16 bytes, at least {MinimumLength}; got {data.Length}.", nameof(data));
            }

            ref byte start = ref MemoryMarshal.GetReference(data);
            nuint length = (nuint)data.Length;
            Vector128<ulong> x1 = Vector128.LoadUnsafe(ref start).AsUInt64() ^ Vector128.CreateScalar(state).AsUInt64();
            Vector128<ulong> x2 = Vector128.LoadUnsafe(ref start, 16).AsUInt64();
            Vector128<ulong> x3 = Vector128.LoadUnsafe(ref start, 32).AsUInt64();
            Vector128<ulong> x4 = Vector128.LoadUnsafe(ref start, 48).AsUInt64();
            nuint offset = 64;

            // Four lanes fold 64 bytes ahead each step: latency of one multiply hidden behind the others.
            Vector128<ulong> k1k2 = Vector128.Create(0x0154442bd4UL, 0x01c6e41596UL);
            for (; offset + 64 <= length; offset += 64)
            {
                x1 = Fold(x1, k1k2) ^ Vector128.LoadUnsafe(ref start, offset).AsUInt64();
                x2 = Fold(x2, k1k2) ^ Vector128.LoadUnsafe(ref start, offset + 16).AsUInt64();
                x3 = Fold(x3, k1k2) ^ Vector128.LoadUnsafe(ref start, offset + 32).AsUInt64();
                x4 = Fold(x4, k1k2) ^ Vector128.LoadUnsafe(ref start, offset + 48).AsUInt64();
            }

            // The four lanes into one, then any 16-byte blocks left.
            Vector128<ulong> k3k4 = Vector128.Create(0x01751997d0UL, 0x00ccaa009eUL);
            x1 = Fold(x1, k3k4) ^ x2;
            x1 = Fold(x1, k3k4) ^ x3;
            x1 = Fold(x1, k3k4) ^ x4;
            for (; offset + 16 <= length; offset += 16)
            {
                x1 = Fold(x1, k3k4) ^ Vector128.LoadUnsafe(ref start, offset).AsUInt64();
            }

            // 128 bits to 64, then 64 to 32 bits' worth of remainder.
            Vector128<ulong> low32 = Vector128.Create(0xFFFFFFFFu, 0u, 0xFFFFFFFFu, 0u).AsUInt64();
            x2 = Pclmulqdq.CarrylessMultiply(x1, k3k4, 0x10);
            x1 = Sse2.ShiftRightLogical128BitLane(x1, 8) ^ x2;
            x2 = Sse2.ShiftRightLogical128BitLane(x1, 4);
            x1 = Pclmulqdq.CarrylessMultiply(x1 & low32, Vector128.Create(0x0163cd6124UL, 0UL), 0x00) ^ x2;

            // Barrett reduction: μ = x^64 / P (0x1F7011641), P′ = P (0x1DB710641), both reflected.
            Vector128<ulong> poly = Vector128.Create(0x01db710641UL, 0x01f7011641UL);
            x2 = Pclmulqdq.CarrylessMultiply(x1 & low32, poly, 0x10);
            x2 = Pclmulqdq.CarrylessMultiply(x2 & low32, poly, 0x00);
            return (x1 ^ x2).AsUInt32().GetElement(1);
        }

        /// <summary>x's low half times k's low half, xor x's high half times k's high half.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<ulong> Fold(Vector128<ulong> x, Vector128<ulong> k) =>
            Pclmulqdq.CarrylessMultiply(x, k, 0x00) ^ Pclmulqdq.CarrylessMultiply(x, k, 0x11);
    }
}
