using System.IO.Compression;
using NeuralNet.Data;

namespace NeuralNet.Tests.Data;

public sealed class DataFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("neuralnet-datafile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void OpenRead_GzipFile_YieldsTheDecompressedBytes()
    {
        string path = Path.Combine(_directory, "data.bin.gz");
        WriteGzip(path, [1, 2, 3]);

        using Stream stream = DataFile.OpenRead(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);

        copy.ToArray().Should().Equal(1, 2, 3);
    }

    [Fact]
    public void OpenRead_GzipFile_DisposingTheStreamClosesTheFile()
    {
        string path = Path.Combine(_directory, "data.bin.gz");
        WriteGzip(path, [1, 2, 3]);

        DataFile.OpenRead(path).Dispose();

        // An exclusive open fails while any handle on the file is still open.
        Action exclusive = () => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose();
        exclusive.Should().NotThrow();
    }

    [Theory]
    [InlineData("a.gz", true)]
    [InlineData("A.GZ", true)]
    [InlineData("a.csv.gz", true)]
    [InlineData("a.csv", false)]
    [InlineData("a.gzip", false)]
    [InlineData("gz", false)]
    public void IsGzip_FileName_TellsByTheGzSuffixInAnyCase(string name, bool expected) =>
        DataFile.IsGzip(name).Should().Be(expected);

    private static void WriteGzip(string path, byte[] content)
    {
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        gzip.Write(content);
    }
}
