using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NeuralNet.Serialization;

/// <summary>
/// Writes version-2 sections to a stream through one buffer, keeping the running CRC-32C of every
/// byte written but the checksum fields, so that each section can end with the checksum of the
/// whole file up to there.
/// </summary>
internal sealed class ChecksummedWriter
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[FormatLimits.BufferLength];
    private int _used;
    private uint _state = Crc32C.Initial;
    private long _sectionEnd = -1;
    private long _written;

    public ChecksummedWriter(Stream stream) => _stream = stream;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _state = Crc32C.Append(_state, bytes);
        WriteUnhashed(bytes);
    }

    private void WriteUnhashed(ReadOnlySpan<byte> bytes)
    {
        _written += bytes.Length;
        while (!bytes.IsEmpty)
        {
            if (_used == _buffer.Length)
            {
                Flush();
            }

            int chunk = Math.Min(bytes.Length, _buffer.Length - _used);
            bytes[..chunk].CopyTo(_buffer.AsSpan(_used));
            _used += chunk;
            bytes = bytes[chunk..];
        }
    }

    public void WriteUInt16(ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        Write(bytes);
    }

    public void WriteUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Write(bytes);
    }

    public void WriteFloats(ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            Write(MemoryMarshal.AsBytes(values));
            return;
        }

        Span<byte> bytes = stackalloc byte[4];
        foreach (float value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
            Write(bytes);
        }
    }

    /// <summary>Writes a section's tag and length; the payload follows, then <see cref="EndSection"/>.</summary>
    public void BeginSection(ReadOnlySpan<byte> tag, long length)
    {
        Write(tag);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)length);
        Write(bytes);
        _sectionEnd = _written + length;
    }

    /// <summary>
    /// Writes the checksum of every byte so far, after checking the payload had its declared
    /// length. The checksum itself is not hashed: a CRC fed its own value ends in a constant
    /// state, which would make the next section's check blind to everything before it.
    /// </summary>
    public void EndSection()
    {
        if (_written != _sectionEnd)
        {
            throw new InvalidOperationException($"A section declared to end at byte {_sectionEnd} ended at {_written}.");
        }

        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Crc32C.Finish(_state));
        WriteUnhashed(bytes);
    }

    public void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }
}
