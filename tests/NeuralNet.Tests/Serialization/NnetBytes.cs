using System.Buffers.Binary;
using System.Text;
using NeuralNet.Layers;
using NeuralNet.Serialization;

namespace NeuralNet.Tests.Serialization;

/// <summary>
/// An independent reading of docs/file-format.md for tests: builds and walks version-2 files byte
/// by byte, with a bit-at-a-time CRC-32C, so the library's reader is checked against the document
/// rather than against itself.
/// </summary>
internal static class NnetBytes
{
    /// <summary>One section's place in a file: where its header, payload and checksum start.</summary>
    public readonly record struct Section(string Tag, int Start, int PayloadStart, long Length)
    {
        public int LengthField => Start + 4;

        public int ChecksumField => (int)(PayloadStart + Length);
    }

    public static byte[] Serialize(Sequential model)
    {
        using var stream = new MemoryStream();
        ModelFile.Write(model, stream);
        return stream.ToArray();
    }

    /// <summary>Bit-at-a-time CRC-32C, the reflected polynomial 0x82F63B78, as the document states it.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data) => ~Crc32CAppend(0xFFFFFFFF, data);

    private static uint Crc32CAppend(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }

        return crc;
    }

    /// <summary>What section <paramref name="index"/>'s checksum must be: the CRC-32C of every byte before it but the earlier checksum fields.</summary>
    public static uint ExpectedChecksum(byte[] file, List<Section> sections, int index)
    {
        uint crc = 0xFFFFFFFF;
        int from = 0;
        for (int i = 0; i <= index; i++)
        {
            crc = Crc32CAppend(crc, file.AsSpan(from, sections[i].ChecksumField - from));
            from = sections[i].ChecksumField + 4;
        }

        return ~crc;
    }

    /// <summary>The sections of a file, walked by their length fields; stops at the first that does not fit.</summary>
    public static List<Section> Sections(byte[] file)
    {
        var sections = new List<Section>();
        int offset = 6;
        while (offset + 12 <= file.Length)
        {
            long length = (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(offset + 4));
            if (length < 0 || offset + 12 + length + 4 > file.Length)
            {
                break;
            }

            sections.Add(new Section(Encoding.ASCII.GetString(file, offset, 4), offset, offset + 12, length));
            offset += 12 + (int)length + 4;
        }

        return sections;
    }

    /// <summary>Rewrites every checksum field that the section walk finds, so a mutation reaches the parser instead of the checksum.</summary>
    public static void Reseal(byte[] file)
    {
        List<Section> sections = Sections(file);
        for (int i = 0; i < sections.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(sections[i].ChecksumField), ExpectedChecksum(file, sections, i));
        }
    }

    /// <summary>Inserts a sealed section before the section at <paramref name="index"/> and reseals the file.</summary>
    public static byte[] InsertSection(byte[] file, int index, string tag, byte[] payload)
    {
        int at = Sections(file)[index].Start;
        var section = new byte[12 + payload.Length + 4];
        Encoding.ASCII.GetBytes(tag, section);
        BinaryPrimitives.WriteUInt64LittleEndian(section.AsSpan(4), (ulong)payload.Length);
        payload.CopyTo(section, 12);
        byte[] result = [.. file.AsSpan(0, at), .. section, .. file.AsSpan(at)];
        Reseal(result);
        return result;
    }
}
