namespace NeuralNet.Tests.Serialization;

/// <summary>
/// A stream that cannot seek, like a pipe or a socket: some given bytes, then a run of zeros, in
/// reads of at most 4 KiB each.
/// </summary>
internal sealed class OneWayStream(byte[] prefix, long zeros = 0) : Stream
{
    private readonly long _length = prefix.LongLength + zeros;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int count = (int)Math.Min(Math.Min(buffer.Length, 4096), _length - _position);
        for (int i = 0; i < count; i++, _position++)
        {
            buffer[i] = _position < prefix.Length ? prefix[_position] : (byte)0;
        }

        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
