using System.IO.Compression;
using System.Text;

namespace NeuralNet.Tests.Data;

/// <summary>A temporary folder for CSV tests, deleted on dispose, and the path of the committed fixtures.</summary>
internal sealed class CsvTestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("neuralnet-fromcsv-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);

    /// <summary>Writes <paramref name="text"/> as UTF-8 (without a byte order mark) and returns the file's path.</summary>
    public string Write(string text, string name = "data.csv")
    {
        string path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    /// <summary>Writes <paramref name="text"/> gzip-compressed and returns the file's path.</summary>
    public string WriteGzip(string text, string name = "data.csv.gz")
    {
        string path = System.IO.Path.Combine(Path, name);
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Optimal);
        gzip.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }

    /// <summary>
    /// The path of a file of <c>Data/Fixtures</c>, copied beside the test assembly by the project
    /// (a source path from <c>[CallerFilePath]</c> is mapped to <c>/_/</c> in CI's deterministic builds).
    /// </summary>
    public static string Fixture(string name) =>
        System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", name);
}
