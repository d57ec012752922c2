using System.Buffers.Binary;
using System.IO.Compression;
using NeuralNet.Data;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    private readonly string _directory = Directory.CreateTempSubdirectory("neuralnet-idx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>An IDX file: big-endian magic, big-endian dimension sizes, then the raw bytes.</summary>
    private static byte[] Idx(int magic, int[] dimensions, byte[] data)
    {
        byte[] bytes = new byte[4 + (4 * dimensions.Length) + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dimensions[i]);
        }

        data.CopyTo(bytes, 4 + (4 * dimensions.Length));
        return bytes;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>A stream that cannot seek, as a decompressor is: its length is unknown until the end.</summary>
    private static GZipStream Gunzip(byte[] bytes) =>
        new(new MemoryStream(Gzip(bytes)), CompressionMode.Decompress);

    private static readonly byte[] TwoImagesOf2x3 = [0, 255, 51, 102, 153, 204, 1, 2, 3, 4, 5, 6];

    [Fact]
    public void ReadImages_ValidStream_ReturnsOneRowPerImageScaledToUnitRange()
    {
        using var stream = new MemoryStream(Idx(ImagesMagic, [2, 2, 3], TwoImagesOf2x3));

        Tensor images = IdxReader.ReadImages(stream);

        images.Shape.Should().Equal(2, 6);
        images.AsSpan().ToArray().Should().Equal(TwoImagesOf2x3.Select(b => b / 255f));
        images[0, 1].Should().Be(1f);
        images[0, 2].Should().Be(0.2f);
    }

    [Fact]
    public void ReadImages_NonSeekableStream_ReadsAllImages()
    {
        using GZipStream stream = Gunzip(Idx(ImagesMagic, [2, 2, 3], TwoImagesOf2x3));

        Tensor images = IdxReader.ReadImages(stream);

        images.Shape.Should().Equal(2, 6);
        images[1, 5].Should().Be(6 / 255f);
    }

    [Fact]
    public void ReadImages_ZeroImages_ReturnsEmptyMatrix()
    {
        using var stream = new MemoryStream(Idx(ImagesMagic, [0, 28, 28], []));

        Tensor images = IdxReader.ReadImages(stream);

        images.Shape.Should().Equal(0, 784);
    }

    [Fact]
    public void ReadLabels_ValidStream_ReturnsLabels()
    {
        using var stream = new MemoryStream(Idx(LabelsMagic, [4], [7, 0, 9, 255]));

        IdxReader.ReadLabels(stream).Should().Equal(7, 0, 9, 255);
    }

    [Fact]
    public void ReadImages_LabelFile_ThrowsNamingBothMagicNumbers()
    {
        using var stream = new MemoryStream(Idx(LabelsMagic, [2], [1, 2]));

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*0x00000801*0x00000803*images*");
    }

    [Fact]
    public void ReadLabels_ImageFile_ThrowsNamingBothMagicNumbers()
    {
        using var stream = new MemoryStream(Idx(ImagesMagic, [1, 1, 1], [1]));

        Action act = () => IdxReader.ReadLabels(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*0x00000803*0x00000801*labels*");
    }

    [Fact]
    public void ReadImages_CompressedBytesPassedRaw_ThrowsWithGzipHint()
    {
        using var stream = new MemoryStream(Gzip(Idx(ImagesMagic, [1, 1, 1], [1])));

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*magic number 0x1F8B*gzip*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(9)]
    public void ReadImages_TruncatedHeader_Throws(int length)
    {
        byte[] full = Idx(ImagesMagic, [1, 2, 2], [1, 2, 3, 4]);
        using var stream = new MemoryStream(full[..length]);

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*truncated*header*");
    }

    [Fact]
    public void ReadImages_TruncatedData_ThrowsNamingDeclaredAndAvailableBytes()
    {
        using var stream = new MemoryStream(Idx(ImagesMagic, [2, 2, 3], TwoImagesOf2x3[..7]));

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*truncated*2 images of 2×3*12 bytes*only 7*");
    }

    [Fact]
    public void ReadImages_TruncatedDataInNonSeekableStream_Throws()
    {
        using GZipStream stream = Gunzip(Idx(ImagesMagic, [2, 2, 3], TwoImagesOf2x3[..7]));

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*truncated*12 bytes*only 7*");
    }

    [Fact]
    public void ReadLabels_TruncatedData_Throws()
    {
        using var stream = new MemoryStream(Idx(LabelsMagic, [5], [1, 2, 3]));

        Action act = () => IdxReader.ReadLabels(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*truncated*5 labels*only 3*");
    }

    [Theory]
    [InlineData(-1, 28, 28, "image count")]
    [InlineData(10, -5, 28, "rows per image")]
    [InlineData(10, 28, int.MinValue, "columns per image")]
    public void ReadImages_NegativeDimension_ThrowsNamingIt(int count, int rows, int columns, string name)
    {
        using var stream = new MemoryStream(Idx(ImagesMagic, [count, rows, columns], []));

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage($"*{name}*non-negative*");
    }

    [Theory]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue)]
    [InlineData(60000, 65536, 65536)]
    [InlineData(3, 1 << 30, 2)]
    public void ReadImages_DimensionsBeyondAnyArray_ThrowsBeforeAllocating(int count, int rows, int columns)
    {
        using var stream = new MemoryStream(Idx(ImagesMagic, [count, rows, columns], [1, 2, 3]));

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*more than one array can hold*");
    }

    [Fact]
    public void ReadImages_HugeHeaderOnSeekableStream_ThrowsWithoutAllocating()
    {
        // 2 000 × 1 000 × 1 000 bytes fits an array, but the stream holds 3 bytes of data.
        using var stream = new MemoryStream(Idx(ImagesMagic, [2000, 1000, 1000], [1, 2, 3]));
        long before = GC.GetAllocatedBytesForCurrentThread();

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*truncated*2000000000 bytes*only 3*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void ReadImages_HugeHeaderOnNonSeekableStream_AllocatesOnlyWhatArrives()
    {
        using GZipStream stream = Gunzip(Idx(ImagesMagic, [2000, 1000, 1000], new byte[5000]));
        long before = GC.GetAllocatedBytesForCurrentThread();

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*truncated*only 5000*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(8 << 20);
    }

    [Fact]
    public void ReadLabels_HugeCountOnNonSeekableStream_AllocatesOnlyWhatArrives()
    {
        using GZipStream stream = Gunzip(Idx(LabelsMagic, [int.MaxValue - 100], [1, 2]));
        long before = GC.GetAllocatedBytesForCurrentThread();

        Action act = () => IdxReader.ReadLabels(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*truncated*only 2*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(8 << 20);
    }

    [Fact]
    public void ReadLabels_CountBeyondAnyArray_Throws()
    {
        using var stream = new MemoryStream(Idx(LabelsMagic, [int.MaxValue], [1]));

        Action act = () => IdxReader.ReadLabels(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*more than one array can hold*");
    }

    [Fact]
    public void ReadImagesAndLabels_GzipFiles_RoundTrip()
    {
        string images = Path.Combine(_directory, "images-idx3-ubyte.gz");
        string labels = Path.Combine(_directory, "labels-idx1-ubyte.gz");
        File.WriteAllBytes(images, Gzip(Idx(ImagesMagic, [2, 2, 3], TwoImagesOf2x3)));
        File.WriteAllBytes(labels, Gzip(Idx(LabelsMagic, [2], [3, 8])));

        Tensor x = IdxReader.ReadImages(images);
        int[] y = IdxReader.ReadLabels(labels);

        x.AsSpan().ToArray().Should().Equal(TwoImagesOf2x3.Select(b => b / 255f));
        y.Should().Equal(3, 8);
        Dataset.FromLabels(x, y, 10).Targets[1, 8].Should().Be(1f);
    }

    [Fact]
    public void ReadImages_UncompressedFile_Reads()
    {
        string path = Path.Combine(_directory, "images-idx3-ubyte");
        File.WriteAllBytes(path, Idx(ImagesMagic, [2, 2, 3], TwoImagesOf2x3));

        IdxReader.ReadImages(path).Shape.Should().Equal(2, 6);
    }

    [Fact]
    public void ReadImages_BadFile_MessageNamesThePath()
    {
        string path = Path.Combine(_directory, "bad-idx3-ubyte");
        File.WriteAllBytes(path, Idx(ImagesMagic, [2, 2, 3], [1]));

        Action act = () => IdxReader.ReadImages(path);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage($"{path} is truncated*");
    }

    [Fact]
    public void ReadImages_StreamIsLeftOpen()
    {
        using var stream = new MemoryStream(Idx(ImagesMagic, [1, 1, 1], [9]));

        IdxReader.ReadImages(stream);

        stream.CanRead.Should().BeTrue();
    }

    [Fact]
    public void ReadImages_NullOrUnreadableStream_Throws()
    {
        var closed = new MemoryStream();
        closed.Dispose();

        Action nullStream = () => IdxReader.ReadImages((Stream)null!);
        Action unreadable = () => IdxReader.ReadLabels(closed);

        nullStream.Should().Throw<ArgumentNullException>().WithParameterName("stream");
        unreadable.Should().Throw<ArgumentException>().WithMessage("*not readable*");
    }

    [Fact]
    public void ReadImagesAndReadLabels_Streams_MessagesNameTheSourceAsIdxStream()
    {
        using var images = new MemoryStream([0, 0, 8]);
        using var labels = new MemoryStream([0, 0, 8]);

        Action readImages = () => IdxReader.ReadImages(images);
        Action readLabels = () => IdxReader.ReadLabels(labels);

        readImages.Should().ThrowExactly<InvalidDataException>().WithMessage("IDX stream is truncated: it ends inside the IDX header.");
        readLabels.Should().ThrowExactly<InvalidDataException>().WithMessage("IDX stream is truncated: it ends inside the IDX header.");
    }

    [Fact]
    public void ReadLabels_NegativeCount_ThrowsNamingTheLabelCount()
    {
        using var stream = new MemoryStream(Idx(LabelsMagic, [-3], []));

        Action act = () => IdxReader.ReadLabels(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*label count as -3*non-negative*");
    }

    [Theory]
    [InlineData(ImagesMagic + 0x1F000000, "images (3-D unsigned bytes)")]
    [InlineData(LabelsMagic, "images (3-D unsigned bytes)")]
    public void ReadImages_WrongMagicThatIsNotGzip_GivesNoGzipHint(int magic, string kind)
    {
        // 0x1F alone is not the gzip signature: both of its bytes, 0x1F 0x8B, must be there.
        using var stream = new MemoryStream(Idx(magic, [1, 1, 1], [1]));

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>()
            .WithMessage($"IDX stream: magic number 0x{magic:X8} is not 0x00000803, the IDX magic for {kind}.");
    }

    [Fact]
    public void ReadImages_SizeProductThatWrapsALong_ThrowsBeforeAllocating()
    {
        // 16 × 2^30 × 2^30 = 2^64, which a long multiplication wraps to 0.
        using var stream = new MemoryStream(Idx(ImagesMagic, [16, 1 << 30, 1 << 30], [1]));

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>()
            .WithMessage("*16 images of 1073741824×1073741824 pixels, more than one array can hold*");
    }

    [Fact]
    public void ReadImages_OneImageOfArrayMaxLengthPixels_IsJudgedByTheBytesPresent()
    {
        // The largest image an array can hold is allowed by the header check; the data then falls short.
        using var stream = new MemoryStream(Idx(ImagesMagic, [1, 1, Array.MaxLength], [1, 2, 3]));

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage($"*truncated*({Array.MaxLength} bytes) but only 3 bytes*");
    }

    [Fact]
    public void ReadLabels_CountOfArrayMaxLength_IsJudgedByTheBytesPresent()
    {
        using var stream = new MemoryStream(Idx(LabelsMagic, [Array.MaxLength], [1, 2]));

        Action act = () => IdxReader.ReadLabels(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage($"*truncated*{Array.MaxLength} labels*only 2 bytes*");
    }

    [Fact]
    public void ReadImagesThenReadLabels_OneStream_EachReadsFromWhereTheLastStopped()
    {
        using var stream = new MemoryStream([.. Idx(ImagesMagic, [2, 2, 3], TwoImagesOf2x3), .. Idx(LabelsMagic, [2], [4, 1])]);

        Tensor images = IdxReader.ReadImages(stream);
        int[] labels = IdxReader.ReadLabels(stream);

        images.AsSpan().ToArray().Should().Equal(TwoImagesOf2x3.Select(b => b / 255f));
        labels.Should().Equal(4, 1);
    }

    [Fact]
    public void ReadImages_HugeHeaderFarIntoASeekableStream_ThrowsWithoutAllocating()
    {
        // The bytes available are those after the header, not the stream's length plus its position:
        // 8 MiB before the header must not make a 4 MB claim look satisfiable.
        byte[] prefix = new byte[8 << 20];
        using var stream = new MemoryStream([.. prefix, .. Idx(ImagesMagic, [4000, 1000, 1], [1, 2, 3])]);
        stream.Position = prefix.Length;
        long before = GC.GetAllocatedBytesForCurrentThread();

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*truncated*4000000 bytes*only 3 bytes*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void ReadImages_SeekableStreamShorterThanItsLength_ThrowsTruncated()
    {
        // A file cut while it is being read: its length promised more than reading delivers.
        using var stream = new OverstatedLengthStream(Idx(ImagesMagic, [2, 2, 3], TwoImagesOf2x3[..5]), extra: 100);

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*truncated*12 bytes*only 5 bytes*");
    }

    [Fact]
    public void ReadLabels_NonSeekableStreamPastTheFirstChunk_ReadsEveryLabel()
    {
        // More than the first 1 MiB buffer, so the buffer has to grow (twice) while reading.
        int count = (3 << 20) + 7;
        byte[] data = new byte[count];
        for (int i = 0; i < count; i++)
        {
            data[i] = (byte)(i * 7 % 251);
        }

        using GZipStream stream = Gunzip(Idx(LabelsMagic, [count], data));

        int[] labels = IdxReader.ReadLabels(stream);

        labels.Should().HaveCount(count);
        labels.Select(l => (byte)l).Should().Equal(data);
    }

    [Fact]
    public void ReadImages_HugeHeaderOnNonSeekableStreamPastTheFirstChunk_GrowsTheBufferOnlyAsDataArrives()
    {
        // 2 GB declared, 1.5 MiB present: the buffer doubles once, when the first 1 MiB is full
        // (1 + 2 MiB allocated); growing before it is full, or toward the declared 2 GB, costs more.
        int present = 3 << 19;
        using GZipStream stream = Gunzip(Idx(ImagesMagic, [2000, 1000, 1000], new byte[present]));
        long before = GC.GetAllocatedBytesForCurrentThread();

        Action act = () => IdxReader.ReadImages(stream);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage($"*truncated*only {present} bytes*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(5 << 20);
    }

    /// <summary>A seekable stream whose <see cref="Stream.Length"/> claims more bytes than it holds.</summary>
    private sealed class OverstatedLengthStream(byte[] bytes, int extra) : MemoryStream(bytes)
    {
        public override long Length => base.Length + extra;
    }
}
