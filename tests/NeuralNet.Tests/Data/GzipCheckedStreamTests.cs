using System.Globalization;
using System.IO.Compression;
using System.Text;
using NeuralNet.Data;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Data;

public sealed class GzipCheckedStreamTests : IDisposable
{
    private const int Rows = 400;

    private readonly string _directory = Directory.CreateTempSubdirectory("neuralnet-gzip-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>400 rows of three integers 0–999, the shape of the table in the report.</summary>
    private static string Table()
    {
        var random = new Random(9);
        var text = new StringBuilder();
        for (int i = 0; i < Rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{random.Next(1000)},{random.Next(1000)},{random.Next(1000)}\n");
        }

        return text.ToString();
    }

    private static byte[] Gzip(string text)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return memory.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Crc32_CheckValue_MatchesTheStandard()
    {
        Crc32.Compute("123456789"u8).Should().Be(0xCBF43926u, "the CRC-32 check value of every gzip/zlib implementation");
    }

    [Fact]
    public void Crc32_EveryLengthAndSplit_MatchesBitwiseReference()
    {
        byte[] data = new byte[67];
        new Random(3).NextBytes(data);
        for (int length = 0; length <= data.Length; length++)
        {
            ReadOnlySpan<byte> span = data.AsSpan(0, length);
            uint whole = Crc32.Compute(span);
            whole.Should().Be(BitwiseCrc(span), $"length {length}");
            uint split = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.InitialState, span[..(length / 3)]), span[(length / 3)..]));
            split.Should().Be(whole, $"length {length} split in two updates");
        }
    }

    [Fact]
    public void Read_IntactGzip_ReadsEveryRow()
    {
        string path = Write("table.csv.gz", Gzip(Table()));

        CsvReader.Read(path).Rows.Should().Be(Rows);
    }

    [Fact]
    public void Read_GzipCutInHalf_ThrowsInsteadOfShorterTable()
    {
        byte[] whole = Gzip(Table());
        string path = Write("half.csv.gz", whole[..(whole.Length / 2)]);

        Action act = () => CsvReader.Read(path);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage($"{path} is truncated or corrupt*gzip trailer*");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(100)]
    public void Read_GzipMissingItsLastBytes_Throws(int missing)
    {
        byte[] whole = Gzip(Table());
        string path = Write("cut.csv.gz", whole[..^missing]);

        Action act = () => CsvReader.Read(path);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*truncated or corrupt*");
    }

    [Fact]
    public void Read_GzipWithWrongCrcInTrailer_Throws()
    {
        // zlib itself checks a trailer that it reaches (with an odd message); ours covers the cut ones.
        byte[] bytes = Gzip(Table());
        bytes[^8] ^= 0x01;
        string path = Write("crc.csv.gz", bytes);

        Action act = () => CsvReader.Read(path);

        act.Should().ThrowExactly<InvalidDataException>();
    }

    [Fact]
    public void Read_GzipShorterThanAnyGzipFile_ThrowsNamingTheSize()
    {
        string path = Write("tiny.csv.gz", Gzip(Table())[..12]);

        Action act = () => CsvReader.Read(path);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*not a complete gzip file*12 bytes*");
    }

    [Fact]
    public void Read_SeveralGzipMembers_IsRefusedSayingWhy()
    {
        string path = Write("members.csv.gz", [.. Gzip("1,2\n"), .. Gzip("3,4\n")]);

        Action act = () => CsvReader.Read(path);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*several concatenated gzip members*");
    }

    [Fact]
    public void ReadImages_TruncatedGzipIdx_Throws()
    {
        byte[] idx = new byte[16 + (50 * 4)];
        idx[2] = 0x08; // magic 0x00000803
        idx[3] = 0x03;
        idx[7] = 50;   // 50 images
        idx[11] = 2;   // 2 × 2 pixels
        idx[15] = 2;
        new Random(5).NextBytes(idx.AsSpan(16));
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(idx);
        }

        string intact = Write("images.gz", memory.ToArray());
        string cut = Write("cut-images.gz", memory.ToArray()[..^3]);

        IdxReader.ReadImages(intact).Rows.Should().Be(50);
        Action act = () => IdxReader.ReadImages(cut);
        act.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void EmbeddedDatasets_StillLoadThroughTheCheck()
    {
        Tensor features = Datasets.Iris().Features;

        features.Rows.Should().Be(150);
    }

    private static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
