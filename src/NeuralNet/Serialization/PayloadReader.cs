using System.Buffers.Binary;
using System.Text;

namespace NeuralNet.Serialization;

/// <summary>
/// Parses a small section payload already in memory, checking every length against the bytes
/// left before using it; each failure is an <see cref="InvalidDataException"/> naming the section.
/// </summary>
internal ref struct PayloadReader
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly string _section;
    private ReadOnlySpan<byte> _rest;

    public PayloadReader(ReadOnlySpan<byte> payload, string section)
    {
        _rest = payload;
        _section = section;
    }

    public int Remaining => _rest.Length;

    public byte ReadByte() => Take(1)[0];

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>A uint32 count, which must equal <paramref name="expected"/>, and that many float32 values.</summary>
    public float[] ReadFloats(int expected, string what)
    {
        uint count = ReadUInt32();
        if (count != expected)
        {
            throw Bad($"{count} values for {what}, which has {expected}");
        }

        if ((long)count * sizeof(float) > _rest.Length)
        {
            throw Bad($"{count} values for {what} but only {_rest.Length} bytes left");
        }

        ReadOnlySpan<byte> bytes = Take((int)count * sizeof(float));
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }

        return values;
    }

    /// <summary>A uint32 byte length (≤ <see cref="FormatLimits.MaxStringBytes"/>) and that many bytes of valid UTF-8.</summary>
    public string ReadString()
    {
        uint length = ReadUInt32();
        if (length > FormatLimits.MaxStringBytes)
        {
            throw Bad($"a string of {length} bytes; at most {FormatLimits.MaxStringBytes} are allowed");
        }

        ReadOnlySpan<byte> bytes = Take((int)length);
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"Section '{_section}' holds a string that is not valid UTF-8.", e);
        }
    }

    /// <summary>A uint32 count (≤ <paramref name="maxCount"/>, and ≤ what the bytes left can hold) and that many strings.</summary>
    public string[] ReadStrings(int maxCount)
    {
        uint count = ReadUInt32();
        if (count > maxCount || count > (uint)(_rest.Length / 4))
        {
            throw Bad($"{count} strings; at most {maxCount} are allowed and {_rest.Length} bytes are left for them");
        }

        var strings = new string[count];
        for (int i = 0; i < strings.Length; i++)
        {
            strings[i] = ReadString();
        }

        return strings;
    }

    /// <summary>Throws unless the payload was read to its last byte.</summary>
    public readonly void EnsureEnd()
    {
        if (!_rest.IsEmpty)
        {
            throw Bad($"{_rest.Length} bytes after its last field");
        }
    }

    public readonly InvalidDataException Bad(string what) => new($"Section '{_section}' has {what}.");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _rest.Length)
        {
            throw new InvalidDataException($"Section '{_section}' ends inside a field: {count} bytes needed, {_rest.Length} left.");
        }

        ReadOnlySpan<byte> taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
