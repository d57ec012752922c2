using System.Buffers.Binary;
using System.IO.Compression;
using NeuralNet.Data;

namespace NeuralNet.Tests.Data;

/// <summary>
/// CRC-32 on each of its paths — carry-less folding (x86 PCLMULQDQ) and the slicing-by-8 tables —
/// against a bit-at-a-time reference and against the CRC that <see cref="GZipStream"/> (zlib)
/// writes into a gzip trailer. Run also with <c>DOTNET_EnableHWIntrinsic=0</c>, where
/// <see cref="Crc32.Update"/> takes the tables alone.
/// </summary>
public sealed class Crc32Tests
{
    private static byte[] RandomBytes(int length, int seed)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public void Update_EveryLengthTo400_MatchesBitwiseReference()
    {
        byte[] data = RandomBytes(400, 1);
        for (int length = 0; length <= data.Length; length++)
        {
            ReadOnlySpan<byte> span = data.AsSpan(0, length);
            Crc32.Compute(span).Should().Be(BitwiseCrc(span), $"length {length}");
        }
    }

    [Fact]
    public void Update_EveryOffsetAndSplit_ChainsLikeOneCall()
    {
        // Misaligned starts, and a state handed from one call (folded or not) to the next.
        byte[] data = RandomBytes(300, 2);
        for (int offset = 0; offset < 16; offset++)
        {
            ReadOnlySpan<byte> span = data.AsSpan(offset);
            uint whole = Crc32.Compute(span);
            whole.Should().Be(BitwiseCrc(span), $"offset {offset}");
            for (int split = 0; split <= span.Length; split += 7)
            {
                uint state = Crc32.Update(Crc32.Update(Crc32.InitialState, span[..split]), span[split..]);
                Crc32.Finish(state).Should().Be(whole, $"offset {offset}, split at {split}");
            }
        }
    }

    [Fact]
    public void Folding_EveryMultipleOf16To2048_MatchesTablesFromAnyState()
    {
        if (!Crc32.Folding.IsSupported)
        {
            Crc32.Update(Crc32.InitialState, RandomBytes(1000, 3)).Should().Be(Crc32.UpdateScalar(Crc32.InitialState, RandomBytes(1000, 3)));
            return; // no carry-less multiplication here: Update is the tables, compared above
        }

        byte[] data = RandomBytes(2048, 3);
        uint[] states = [Crc32.InitialState, 0, 0x12345678, 0xDEADBEEF];
        for (int length = Crc32.Folding.MinimumLength; length <= data.Length; length += 16)
        {
            foreach (uint state in states)
            {
                ReadOnlySpan<byte> span = data.AsSpan(0, length);
                Crc32.Folding.Update(state, span).Should().Be(Crc32.UpdateScalar(state, span), $"length {length}, state 0x{state:X8}");
            }
        }
    }

    [Fact]
    public void Folding_ShortOrRaggedInput_IsRefused()
    {
        if (!Crc32.Folding.IsSupported)
        {
            return;
        }

        Action tooShort = () => Crc32.Folding.Update(0, new byte[48]);
        Action ragged = () => Crc32.Folding.Update(0, new byte[72]);

        tooShort.Should().Throw<ArgumentException>();
        ragged.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1 << 16)]
    [InlineData((3 << 20) + 5)]
    public void Compute_LargeInput_MatchesTheCrcZlibWritesInTheGzipTrailer(int length)
    {
        byte[] data = RandomBytes(length, length);
        for (int i = 0; i < length; i += 3)
        {
            data[i] = 0; // some runs of zeros and repeats, as real data has
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        byte[] file = compressed.ToArray();
        uint zlibCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(file.Length - 8));

        Crc32.Compute(data).Should().Be(zlibCrc);
        Crc32.Finish(Crc32.UpdateScalar(Crc32.InitialState, data)).Should().Be(zlibCrc);
    }

    private static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
