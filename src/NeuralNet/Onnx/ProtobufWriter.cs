using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace NeuralNet.Onnx;

/// <summary>
/// Writes the protocol-buffers wire format, the encoding of ONNX files, for the handful of field
/// kinds ONNX export needs: varint integers, UTF-8 strings, nested messages, and packed runs of
/// floats (fixed32) and 64-bit integers (varints).
/// </summary>
/// <remarks>
/// <para>
/// A field is a key — (field number &lt;&lt; 3) | wire type, as a varint — then its value: a varint
/// (wire type 0) or a length-delimited run of bytes (wire type 2) holding a string, a nested
/// message or a packed array. A varint stores 7 bits per byte, least significant first, with the
/// high bit set on every byte but the last; a negative int64 takes all ten bytes, as in any
/// protobuf encoder. Each varint here has its shortest form, so equal content gives equal bytes.
/// </para>
/// <para>
/// A nested message is built in a writer of its own and copied into its parent behind its length,
/// which a length-delimited field needs before its bytes. The copies cost one pass over the
/// weights per nesting level (three for an initializer), which is small beside building them.
/// Only writing is supported: the library exports ONNX and never reads it.
/// </para>
/// </remarks>
internal sealed class ProtobufWriter
{
    private const int VarintWireType = 0;
    private const int LengthDelimitedWireType = 2;
    private const int Fixed32WireType = 5;

    /// <summary>Strict UTF-8: a lone surrogate is an error rather than a silent U+FFFD.</summary>
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>The number of bytes written so far.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>An int64 (or int32, or enum) field, as a varint.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteKey(field, VarintWireType);
        WriteVarint(unchecked((ulong)value));
    }

    /// <summary>A repeated int64 field declared without <c>packed</c>: one key and varint per value.</summary>
    public void WriteRepeatedInt64(int field, ReadOnlySpan<long> values)
    {
        foreach (long value in values)
        {
            WriteInt64(field, value);
        }
    }

    /// <summary>A string field: its UTF-8 bytes behind their length.</summary>
    /// <exception cref="ArgumentException">The string holds a lone surrogate, which has no UTF-8 form.</exception>
    public void WriteString(int field, string value)
    {
        int length = s_utf8.GetByteCount(value);
        WriteKey(field, LengthDelimitedWireType);
        WriteVarint((ulong)length);
        s_utf8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    /// <summary>A nested message field: the other writer's bytes behind their length.</summary>
    public void WriteMessage(int field, ProtobufWriter message)
    {
        WriteKey(field, LengthDelimitedWireType);
        WriteVarint((ulong)message.Length);
        WriteFields(message);
    }

    /// <summary>Appends fields another writer holds, as they are: how a repeated field built apart joins its message.</summary>
    public void WriteFields(ProtobufWriter fields) => _buffer.Write(fields.WrittenSpan);

    /// <summary>A float field: 4 little-endian IEEE 754 bytes (fixed32).</summary>
    public void WriteFloat(int field, float value)
    {
        WriteKey(field, Fixed32WireType);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(sizeof(float)), value);
        _buffer.Advance(sizeof(float));
    }

    /// <summary>A packed repeated float field: one length, then each value as 4 little-endian IEEE 754 bytes (fixed32).</summary>
    public void WritePackedFloats(int field, ReadOnlySpan<float> values)
    {
        int length = checked(values.Length * sizeof(float));
        WriteKey(field, LengthDelimitedWireType);
        WriteVarint((ulong)length);
        Span<byte> destination = _buffer.GetSpan(length);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[(i * sizeof(float))..], values[i]);
        }

        _buffer.Advance(length);
    }

    /// <summary>A packed repeated int64 field: one length, then each value as a varint.</summary>
    public void WritePackedInt64s(int field, ReadOnlySpan<long> values)
    {
        int length = 0;
        foreach (long value in values)
        {
            length += VarintLength(unchecked((ulong)value));
        }

        WriteKey(field, LengthDelimitedWireType);
        WriteVarint((ulong)length);
        foreach (long value in values)
        {
            WriteVarint(unchecked((ulong)value));
        }
    }

    /// <summary>Copies everything written to a stream.</summary>
    public void CopyTo(Stream stream) => stream.Write(WrittenSpan);

    private void WriteKey(int field, int wireType) => WriteVarint(((ulong)(uint)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        Span<byte> destination = _buffer.GetSpan(10);
        int count = 0;
        while (value >= 0x80)
        {
            destination[count++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[count++] = (byte)value;
        _buffer.Advance(count);
    }

    private static int VarintLength(ulong value)
    {
        int length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }
}
