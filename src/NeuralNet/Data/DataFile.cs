using System.IO.Compression;

namespace NeuralNet.Data;

/// <summary>Opens data files for the readers, decompressing gzip files on the fly.</summary>
internal static class DataFile
{
    /// <summary>
    /// Opens <paramref name="path"/> for reading; when the name ends in <c>.gz</c> the returned stream
    /// yields the decompressed bytes (and disposing it closes the file).
    /// </summary>
    public static Stream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return IsGzip(path) ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false) : file;
    }

    /// <summary>Whether a file name marks gzip-compressed content.</summary>
    public static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
}
