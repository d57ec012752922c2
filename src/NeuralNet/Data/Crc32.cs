using System.Buffers.Binary;

namespace NeuralNet.Data;

/// <summary>
/// The CRC-32 of gzip, zlib and PNG (reflected polynomial 0xEDB88320), computed by carry-less
/// multiplication where the CPU has it (<see cref="Folding"/>) and otherwise eight bytes at a time
/// from tables ("slicing-by-8"), so that checking a decompressed file costs little beside inflating it.
/// </summary>
/// <remarks>
/// The BCL has no public CRC-32 (the hardware <c>crc32</c> instruction of SSE 4.2 computes CRC-32C,
/// another polynomial), and <c>System.IO.Hashing</c> is a package: these two short files keep the
/// library free of dependencies. The running state starts at <see cref="InitialState"/>; the CRC is
/// its complement (<see cref="Finish"/>).
/// </remarks>
internal static partial class Crc32
{
    /// <summary>The state before any byte.</summary>
    public const uint InitialState = 0xFFFFFFFFu;

    private const uint Polynomial = 0xEDB88320u;

    // Table k maps a byte to its contribution k bytes further on; table 0 is the classic one.
    private static readonly uint[] Table = CreateTable();

    /// <summary>Returns the state after <paramref name="data"/> has been appended.</summary>
    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        if (Folding.IsSupported && data.Length >= Folding.MinimumLength)
        {
            int folded = data.Length & ~15;
            state = Folding.Update(state, data[..folded]);
            data = data[folded..];
        }

        return UpdateScalar(state, data);
    }

    /// <summary>
    /// <see cref="Update"/> with the tables alone, eight bytes at a time: the path of CPUs without
    /// carry-less multiplication, the tail of every input, and the oracle the tests hold the folding to.
    /// </summary>
    internal static uint UpdateScalar(uint state, ReadOnlySpan<byte> data)
    {
        uint[] t = Table;
        while (data.Length >= 8)
        {
            uint one = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ state;
            uint two = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            state = t[(7 * 256) + (one & 0xFF)] ^ t[(6 * 256) + ((one >> 8) & 0xFF)]
                ^ t[(5 * 256) + ((one >> 16) & 0xFF)] ^ t[(4 * 256) + (one >> 24)]
                ^ t[(3 * 256) + (two & 0xFF)] ^ t[(2 * 256) + ((two >> 8) & 0xFF)]
                ^ t[256 + ((two >> 16) & 0xFF)] ^ t[two >> 24];
            data = data[8..];
        }

        foreach (byte b in data)
        {
            state = t[(state ^ b) & 0xFF] ^ (state >> 8);
        }

        return state;
    }

    /// <summary>The CRC-32 of the bytes appended to a state.</summary>
    public static uint Finish(uint state) => ~state;

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(InitialState, data));

    private static uint[] CreateTable()
    {
        uint[] table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        for (int k = 1; k < 8; k++)
        {
            for (int i = 0; i < 256; i++)
            {
                uint previous = table[((k - 1) * 256) + i];
                table[(k * 256) + i] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }
}
