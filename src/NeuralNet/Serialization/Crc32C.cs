using System.Buffers.Binary;
using System.Numerics;

namespace NeuralNet.Serialization;

/// <summary>
/// CRC-32C (Castagnoli, polynomial 0x1EDC6F41, reflected), the checksum of version-2 <c>.nnet</c>
/// files; <c>"123456789"</c> gives <c>0xE3069283</c>.
/// </summary>
/// <remarks>
/// Chosen over the FNV-1a of version 1 because <see cref="BitOperations.Crc32C(uint, ulong)"/> runs on
/// the CPU's CRC instruction eight bytes at a time (a software table elsewhere), so checking costs
/// little next to reading the file, and because a 32-bit CRC detects every error burst of up to 32
/// bits. The state is kept inverted (starts at all ones) so that <see cref="Finish"/> is one NOT.
/// </remarks>
internal static class Crc32C
{
    /// <summary>The state before any byte.</summary>
    public const uint Initial = 0xFFFFFFFF;

    /// <summary>Feeds bytes into a running state.</summary>
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (byte b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        return state;
    }

    /// <summary>The checksum value of a running state.</summary>
    public static uint Finish(uint state) => ~state;
}
