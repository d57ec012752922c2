using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NeuralNet.Serialization;

/// <summary>
/// Reads a <c>.nnet</c> file front to back, exactly as many bytes as asked (no read-ahead, so the
/// stream's position stays meaningful), hashing every byte it hands out.
/// </summary>
/// <remarks>
/// Memory stays bounded: the reader owns one <see cref="FormatLimits.BufferLength"/> buffer for
/// skipping and checking ahead, and everything else is read straight into the caller's
/// destination, which the caller sized from counts it had already bounded.
/// </remarks>
internal sealed class ChecksummedReader
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private readonly Stream _stream;
    private readonly long _start;
    private readonly long? _length;
    private byte[]? _buffer;
    private ChecksumKind _kind;
    private ulong _state;
    private long _consumed;

    public ChecksummedReader(Stream stream)
    {
        _stream = stream;
        if (stream.CanSeek)
        {
            _start = stream.Position;
            _length = stream.Length;
        }
    }

    /// <summary>What is being read, for the message when the file ends early.</summary>
    public string Context { get; set; } = "the header";

    /// <summary>Bytes read so far (hashed or not).</summary>
    public long Position => _consumed;

    /// <summary>Whether <see cref="Remaining"/> is known and <see cref="ChecksumAheadMatches"/> works.</summary>
    public bool CanSeek => _length.HasValue;

    /// <summary>Bytes left in the stream, when it can tell; <see langword="null"/> for pipes and devices.</summary>
    public long? Remaining => _length - (_start + _consumed);

    /// <summary>The checksum of every byte read since <see cref="StartChecksum"/> and the bytes it was given, checksum fields excepted.</summary>
    public ulong Checksum => _kind == ChecksumKind.Crc32C ? Crc32C.Finish((uint)_state) : _state;

    /// <summary>Starts hashing, first over the bytes already read (the header).</summary>
    public void StartChecksum(ChecksumKind kind, ReadOnlySpan<byte> alreadyRead)
    {
        _kind = kind;
        _state = kind == ChecksumKind.Crc32C ? Crc32C.Initial : FnvOffset;
        Absorb(alreadyRead);
    }

    public void ReadExactly(Span<byte> destination)
    {
        Fill(destination);
        Absorb(destination);
    }

    public byte ReadByte()
    {
        Span<byte> bytes = stackalloc byte[1];
        ReadExactly(bytes);
        return bytes[0];
    }

    public int ReadInt32()
    {
        Span<byte> bytes = stackalloc byte[4];
        ReadExactly(bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    public uint ReadUInt32()
    {
        Span<byte> bytes = stackalloc byte[4];
        ReadExactly(bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    public ulong ReadUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        ReadExactly(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>Reads little-endian float32 values straight into their destination (no copy on little-endian hosts).</summary>
    public void ReadFloats(Span<float> destination)
    {
        ReadExactly(MemoryMarshal.AsBytes(destination));
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> bits = MemoryMarshal.Cast<float, int>(destination);
            BinaryPrimitives.ReverseEndianness(bits, bits);
        }
    }

    /// <summary>Reads and hashes <paramref name="count"/> bytes through the one buffer, keeping none.</summary>
    public void Skip(long count)
    {
        byte[] buffer = _buffer ??= new byte[FormatLimits.BufferLength];
        while (count > 0)
        {
            int chunk = (int)Math.Min(count, buffer.Length);
            ReadExactly(buffer.AsSpan(0, chunk));
            count -= chunk;
        }
    }

    /// <summary>
    /// On a seekable stream, hashes the next <paramref name="count"/> bytes, reads the checksum
    /// field of <paramref name="fieldLength"/> bytes stored after them, compares, and goes back to
    /// where it was: a payload can be checked before anything is allocated for it.
    /// </summary>
    public bool ChecksumAheadMatches(long count, int fieldLength)
    {
        long position = _stream.Position, consumed = _consumed;
        ulong state = _state;
        Skip(count);
        ulong expected = Checksum;
        ulong stored = ReadChecksumField(fieldLength);
        _stream.Position = position;
        _consumed = consumed;
        _state = state;
        return stored == expected;
    }

    /// <summary>
    /// Reads a stored checksum of 4 or 8 bytes without hashing it: a CRC fed its own value ends in
    /// a constant state, so hashing the checksum fields would make each section's check forget
    /// everything before it (dropped or repeated sections would go unseen).
    /// </summary>
    public ulong ReadChecksumField(int fieldLength)
    {
        Span<byte> field = stackalloc byte[8];
        Fill(field[..fieldLength]);
        return fieldLength == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(field) : BinaryPrimitives.ReadUInt64LittleEndian(field);
    }

    /// <summary>Whether the stream has ended; reads (and does not hash) at most one byte.</summary>
    public bool AtEnd()
    {
        Span<byte> probe = stackalloc byte[1];
        return _stream.Read(probe) == 0;
    }

    private void Fill(Span<byte> destination)
    {
        int done = 0;
        while (done < destination.Length)
        {
            int read = _stream.Read(destination[done..]);
            if (read == 0)
            {
                throw new InvalidDataException(
                    $"The model file is truncated: it ends after {_consumed + done} bytes, inside {Context}.");
            }

            done += read;
        }

        _consumed += done;
    }

    private void Absorb(ReadOnlySpan<byte> data)
    {
        if (_kind == ChecksumKind.Crc32C)
        {
            _state = Crc32C.Append((uint)_state, data);
        }
        else if (_kind == ChecksumKind.Fnv1a64)
        {
            ulong hash = _state;
            foreach (byte b in data)
            {
                hash = (hash ^ b) * FnvPrime;
            }

            _state = hash;
        }
    }
}
