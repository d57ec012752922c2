using System.Buffers.Binary;
using System.IO.Compression;

namespace NeuralNet.Data;

/// <summary>
/// Decompresses a gzip file and, at its end, checks the decompressed bytes against the CRC-32 and
/// length that the file's trailer records; a mismatch is an <see cref="InvalidDataException"/>.
/// </summary>
/// <remarks>
/// <para>
/// Why this exists: <see cref="GZipStream"/> treats input that runs out as the end of the data. A
/// file cut short therefore decompresses, without an error, to a prefix of its content — a CSV
/// loses its last rows and its last value is cut mid-number (<c>612</c> read as <c>6</c>). A cut
/// anywhere, even inside the 8-byte trailer, leaves the last eight bytes of the file disagreeing
/// with what was decompressed, so comparing them at the end catches every truncation.
/// </para>
/// <para>
/// The trailer read is that of the last gzip member. A file of several members (<c>cat a.gz b.gz</c>,
/// <c>bgzip</c>) is refused too, since its last trailer covers only its last member; the message says
/// so. The stream must be seekable to read the trailer first (files and embedded resources are).
/// </para>
/// </remarks>
internal sealed class GzipCheckedStream : Stream
{
    private const int TrailerLength = 8;
    private const int SmallestGzipFile = 20; // 10-byte header, the 2-byte empty deflate block, 8-byte trailer

    private readonly GZipStream _inner;
    private readonly uint _expectedCrc;
    private readonly uint _expectedLength;
    private readonly string _source;
    private uint _state = Crc32.InitialState;
    private long _length;
    private bool _verified;

    private GzipCheckedStream(GZipStream inner, uint expectedCrc, uint expectedLength, string source)
    {
        _inner = inner;
        _expectedCrc = expectedCrc;
        _expectedLength = expectedLength;
        _source = source;
    }

    /// <summary>
    /// Reads the trailer of <paramref name="compressed"/> (seekable, positioned at the gzip header),
    /// then returns a stream of the decompressed bytes that verifies them at the end. Disposing the
    /// returned stream disposes <paramref name="compressed"/>.
    /// </summary>
    public static Stream Open(Stream compressed, string source)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        if (!compressed.CanSeek)
        {
            throw new ArgumentException("A gzip stream must be seekable to read its trailer first.", nameof(compressed));
        }

        long start = compressed.Position;
        long length = compressed.Length - start;
        if (length < SmallestGzipFile)
        {
            compressed.Dispose();
            throw new InvalidDataException(
                $"{source} is not a complete gzip file: it has {length} bytes and the smallest gzip file has {SmallestGzipFile}.");
        }

        Span<byte> trailer = stackalloc byte[TrailerLength];
        compressed.Seek(-TrailerLength, SeekOrigin.End);
        compressed.ReadExactly(trailer);
        compressed.Seek(start, SeekOrigin.Begin);
        return new GzipCheckedStream(
            new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: false),
            BinaryPrimitives.ReadUInt32LittleEndian(trailer),
            BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]),
            source);
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        int read = _inner.Read(buffer);
        if (read > 0)
        {
            _state = Crc32.Update(_state, buffer[..read]);
            _length += read;
        }
        else if (!_verified)
        {
            Verify();
        }

        return read;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Verify()
    {
        uint crc = Crc32.Finish(_state);
        if (crc != _expectedCrc || (uint)_length != _expectedLength)
        {
            throw new InvalidDataException(
                $"{_source} is truncated or corrupt: its gzip trailer records {_expectedLength} bytes with CRC-32 0x{_expectedCrc:X8}, " +
                $"but the data decompressed to {_length} bytes with CRC-32 0x{crc:X8}. " +
                "(A file of several concatenated gzip members is refused for the same reason; recompress it as one.)");
        }

        _verified = true;
    }
}
