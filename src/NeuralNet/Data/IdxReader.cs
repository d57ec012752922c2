using System.Buffers.Binary;
using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST: images as a [count, rows × columns]
/// matrix of pixels scaled to [0, 1], labels as class indices.
/// </summary>
/// <remarks>
/// <para>
/// An IDX file starts with a big-endian header: a magic number <c>0x000008nn</c> (two zero bytes,
/// the element type <c>0x08</c> for unsigned bytes, the number of dimensions <c>nn</c>), then each
/// dimension size as a big-endian 32-bit integer, then the elements as raw bytes in row-major
/// order. Image files have magic <c>0x00000803</c> (count, rows, columns); label files
/// <c>0x00000801</c> (count).
/// </para>
/// <para>
/// A corrupt file gets an <see cref="InvalidDataException"/>, never a huge allocation: the header's
/// sizes are checked against the bytes the stream can actually provide (its remaining length when
/// it can seek; otherwise the data is read in chunks whose buffer grows only as bytes arrive).
/// </para>
/// </remarks>
public static class IdxReader
{
    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    /// <summary>The first buffer for a stream of unknown length; it doubles as data arrives.</summary>
    private const int InitialChunk = 1 << 20;

    /// <summary>Reads an IDX image file, decompressing it first when its name ends in <c>.gz</c>.</summary>
    /// <param name="path">The file, e.g. <c>train-images-idx3-ubyte.gz</c>.</param>
    /// <returns>A [count, rows × columns] matrix, one image per row, each pixel byte divided by 255.</returns>
    /// <exception cref="InvalidDataException">
    /// The file is not a 3-D unsigned-byte IDX file, its header is invalid, or its data is truncated.
    /// </exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Tensor ReadImages(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using Stream stream = DataFile.OpenRead(path);
        Tensor images = ReadImages(stream, path);
        DataFile.EnsureEnd(stream, path);
        return images;
    }

    /// <summary>Reads IDX image data from a stream (not decompressed; wrap gzip data in a <see cref="System.IO.Compression.GZipStream"/>).</summary>
    /// <param name="stream">A readable stream positioned at the header; left open.</param>
    /// <returns>A [count, rows × columns] matrix, one image per row, each pixel byte divided by 255.</returns>
    /// <exception cref="InvalidDataException">
    /// The data is not a 3-D unsigned-byte IDX file, its header is invalid, or it is truncated.
    /// </exception>
    public static Tensor ReadImages(Stream stream)
    {
        EnsureReadable(stream);
        return ReadImages(stream, "IDX stream");
    }

    /// <summary>Reads an IDX label file, decompressing it first when its name ends in <c>.gz</c>.</summary>
    /// <param name="path">The file, e.g. <c>train-labels-idx1-ubyte.gz</c>.</param>
    /// <returns>One label (0–255) per sample.</returns>
    /// <exception cref="InvalidDataException">
    /// The file is not a 1-D unsigned-byte IDX file, its header is invalid, or its data is truncated.
    /// </exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static int[] ReadLabels(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using Stream stream = DataFile.OpenRead(path);
        int[] labels = ReadLabels(stream, path);
        DataFile.EnsureEnd(stream, path);
        return labels;
    }

    /// <summary>Reads IDX label data from a stream (not decompressed; wrap gzip data in a <see cref="System.IO.Compression.GZipStream"/>).</summary>
    /// <param name="stream">A readable stream positioned at the header; left open.</param>
    /// <returns>One label (0–255) per sample.</returns>
    /// <exception cref="InvalidDataException">
    /// The data is not a 1-D unsigned-byte IDX file, its header is invalid, or it is truncated.
    /// </exception>
    public static int[] ReadLabels(Stream stream)
    {
        EnsureReadable(stream);
        return ReadLabels(stream, "IDX stream");
    }

    private static Tensor ReadImages(Stream stream, string source)
    {
        ReadMagic(stream, ImagesMagic, "images (3-D unsigned bytes)", source);
        int count = ReadDimension(stream, "image count", source);
        int rows = ReadDimension(stream, "rows per image", source);
        int columns = ReadDimension(stream, "columns per image", source);

        // Check each product before forming the next, so no multiplication can overflow a long.
        long pixelsPerImage = (long)rows * columns;
        long total = pixelsPerImage <= Array.MaxLength ? count * pixelsPerImage : long.MaxValue;
        if (total > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"{source}: the header declares {count} images of {rows}×{columns} pixels, more than one array can hold ({Array.MaxLength} elements).");
        }

        List<byte[]> pixels = ReadPayload(stream, (int)total, $"{count} images of {rows}×{columns} pixels", source);

        // Every element is written below, so the array need not be zeroed first (188 MB for the
        // 60 000 Fashion-MNIST training images); it is allocated only once all its bytes have arrived.
        float[] values = GC.AllocateUninitializedArray<float>((int)total);
        int offset = 0;
        foreach (byte[] chunk in pixels)
        {
            ScalePixels(chunk, values.AsSpan(offset));
            offset += chunk.Length;
        }

        return Tensor.Over(values, count, (int)pixelsPerImage);
    }

    /// <summary>Each pixel byte divided by 255, into <paramref name="destination"/> (at least as long).</summary>
    internal static void ScalePixels(ReadOnlySpan<byte> pixels, Span<float> destination) =>
        ByteScaling.Divide(pixels, 255f, destination);

    private static int[] ReadLabels(Stream stream, string source)
    {
        ReadMagic(stream, LabelsMagic, "labels (1-D unsigned bytes)", source);
        int count = ReadDimension(stream, "label count", source);
        if (count > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"{source}: the header declares {count} labels, more than one array can hold ({Array.MaxLength} elements).");
        }

        List<byte[]> chunks = ReadPayload(stream, count, $"{count} labels", source);
        int[] labels = new int[count];
        int i = 0;
        foreach (byte[] chunk in chunks)
        {
            foreach (byte b in chunk)
            {
                labels[i++] = b;
            }
        }

        return labels;
    }

    private static void ReadMagic(Stream stream, int expected, string kind, string source)
    {
        Span<byte> header = stackalloc byte[4];
        ReadHeaderBytes(stream, header, source);
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic == expected)
        {
            return;
        }

        // A gzip file passed without decompression is the most common mistake; say so.
        string hint = header[0] == 0x1F && header[1] == 0x8B
            ? " The data looks gzip-compressed: pass a path ending in .gz or wrap the stream in a GZipStream."
            : "";
        throw new InvalidDataException(
            $"{source}: magic number 0x{magic:X8} is not 0x{expected:X8}, the IDX magic for {kind}.{hint}");
    }

    private static int ReadDimension(Stream stream, string name, string source)
    {
        Span<byte> bytes = stackalloc byte[4];
        ReadHeaderBytes(stream, bytes, source);
        int size = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (size < 0)
        {
            throw new InvalidDataException(
                $"{source}: the header gives the {name} as {size}; a dimension size must be non-negative.");
        }

        return size;
    }

    private static void ReadHeaderBytes(Stream stream, Span<byte> destination, string source)
    {
        if (stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) < destination.Length)
        {
            throw new InvalidDataException($"{source} is truncated: it ends inside the IDX header.");
        }
    }

    /// <summary>
    /// Reads exactly <paramref name="length"/> bytes, allocating no more than the stream turns out to
    /// hold: one array when the stream's length vouches for them, else chunks that together add up
    /// to <paramref name="length"/>.
    /// </summary>
    private static List<byte[]> ReadPayload(Stream stream, int length, string what, string source)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining < length)
            {
                throw Truncated(what, length, remaining, source);
            }

            byte[] exact = GC.AllocateUninitializedArray<byte>(length);
            int read = stream.ReadAtLeast(exact, length, throwOnEndOfStream: false);
            return read == length ? [exact] : throw Truncated(what, length, read, source);
        }

        // Length unknown (e.g. a gzip stream): each new chunk is as large as all the data before it
        // (the first 1 MiB), so a lying header costs at most twice the bytes really present, and no
        // byte is copied as the data grows. Chunks are filled completely before the next is taken.
        var chunks = new List<byte[]>();
        int filled = 0;
        while (filled < length)
        {
            byte[] chunk = GC.AllocateUninitializedArray<byte>(Math.Min(length - filled, Math.Max(filled, InitialChunk)));
            int read = stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
            filled += read;
            if (read < chunk.Length)
            {
                throw Truncated(what, length, filled, source);
            }

            chunks.Add(chunk);
        }

        return chunks;
    }

    private static InvalidDataException Truncated(string what, int needed, long available, string source) =>
        new($"{source} is truncated: the header declares {what} ({needed} bytes) but only {available} bytes of data follow.");

    private static void EnsureReadable(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }
    }
}
