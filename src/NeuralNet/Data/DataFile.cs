namespace NeuralNet.Data;

/// <summary>Opens data files for the readers, decompressing gzip files on the fly.</summary>
internal static class DataFile
{
    /// <summary>
    /// Opens <paramref name="path"/> for reading; when the name ends in <c>.gz</c> the returned stream
    /// yields the decompressed bytes, checked against the gzip trailer at the end so that a file cut
    /// short is an <see cref="InvalidDataException"/> rather than a shorter table (disposing it
    /// closes the file).
    /// </summary>
    public static Stream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return IsGzip(path) ? GzipCheckedStream.Open(file, path) : file;
    }

    /// <summary>
    /// For a stream from <see cref="OpenRead"/> of a gzip file, reads on to its end so that the trailer
    /// check runs even when the reader stopped at the size its own header declared; decompressed data
    /// beyond that size is an error too. A plain file is left as it is.
    /// </summary>
    public static void EnsureEnd(Stream stream, string source)
    {
        if (stream is GzipCheckedStream && stream.ReadByte() >= 0)
        {
            throw new InvalidDataException($"{source}: the decompressed data goes on past the end that its header declares.");
        }
    }

    /// <summary>Whether a file name marks gzip-compressed content.</summary>
    public static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
}
