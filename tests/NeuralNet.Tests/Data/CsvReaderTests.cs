using System.Globalization;
using System.IO.Compression;
using System.Text;
using NeuralNet.Data;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Data;

public sealed class CsvReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("neuralnet-csv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Tensor Parse(string text, bool skipHeader = false) =>
        CsvReader.Read(new StringReader(text), skipHeader);

    [Fact]
    public void Read_CommaSeparated_ReturnsRowMajorMatrix()
    {
        Tensor m = Parse("1,2,3\n4,5,6\n");

        m.Shape.Should().Equal(2, 3);
        m.AsSpan().ToArray().Should().Equal(1f, 2f, 3f, 4f, 5f, 6f);
    }

    [Fact]
    public void Read_WhitespaceSeparated_SplitsOnSpacesAndTabs()
    {
        Tensor m = Parse("  1  2\t3\n4 5   6  \r\n");

        m.Shape.Should().Equal(2, 3);
        m.AsSpan().ToArray().Should().Equal(1f, 2f, 3f, 4f, 5f, 6f);
    }

    [Fact]
    public void Read_SpacesAroundCommas_AreIgnored()
    {
        Tensor m = Parse("1 , 2,  3\n");

        m.AsSpan().ToArray().Should().Equal(1f, 2f, 3f);
    }

    [Fact]
    public void Read_CommaDecimalCulture_StillParsesInvariantNumbers()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            Tensor m = Parse("-1.5,2e-3,+7,.25\n");

            m.AsSpan().ToArray().Should().Equal(-1.5f, 2e-3f, 7f, 0.25f);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Read_SkipHeader_IgnoresFirstLineEvenIfNotNumeric()
    {
        Tensor m = Parse("150,4,setosa,versicolor\n1,2\n3,4", skipHeader: true);

        m.Shape.Should().Equal(2, 2);
        m.AsSpan().ToArray().Should().Equal(1f, 2f, 3f, 4f);
    }

    [Fact]
    public void Read_BlankLines_AreSkipped()
    {
        Tensor m = Parse("\n1,2\n   \n3,4\n\n");

        m.Shape.Should().Equal(2, 2);
    }

    [Fact]
    public void Read_NonNumericToken_ThrowsNamingLineAndToken()
    {
        Action act = () => Parse("1,2\n3,abc\n");

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*line 2, column 2*'abc'*not a number*");
    }

    [Fact]
    public void Read_NonNumericTokenAfterHeader_CountsHeaderLine()
    {
        Action act = () => Parse("a,b\n1,2\nx,4\n", skipHeader: true);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*line 3, column 1*'x'*");
    }

    [Fact]
    public void Read_EmptyField_ThrowsNamingIt()
    {
        Action act = () => Parse("1,,3\n");

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*line 1, column 2*empty value*");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public void Read_NonFiniteToken_ThrowsNamingToken(string token)
    {
        Action act = () => Parse($"1,2\n3,{token}\n");

        act.Should().ThrowExactly<InvalidDataException>().WithMessage($"*line 2, column 2*'{token}'*finite*");
    }

    [Fact]
    public void Read_RaggedRows_ThrowsNamingBothCounts()
    {
        Action act = () => Parse("1,2,3\n4,5,6\n7,8\n");

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*line 3 has 2 values*line 1 has 3*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n")]
    public void Read_EmptyText_ThrowsSayingEmpty(string text)
    {
        Action act = () => Parse(text);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*empty*no data rows*");
    }

    [Fact]
    public void Read_HeaderOnly_ThrowsSayingNoDataRows()
    {
        Action act = () => Parse("a,b,c\n", skipHeader: true);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*no data rows after its header*");
    }

    [Fact]
    public void Read_LongBadToken_IsShortenedInMessage()
    {
        string token = new('x', 500);

        Action act = () => Parse(token);

        act.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Length.Should().BeLessThan(200);
    }

    [Fact]
    public void Read_PlainFile_ReadsIt()
    {
        string path = Path.Combine(_directory, "plain.csv");
        File.WriteAllText(path, "h1,h2\n1,2\n3,4\n");

        Tensor m = CsvReader.Read(path, skipHeader: true);

        m.AsSpan().ToArray().Should().Equal(1f, 2f, 3f, 4f);
    }

    [Fact]
    public void Read_GzipFile_DecompressesTransparently()
    {
        string path = Path.Combine(_directory, "data.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes("1 2\n3 4\n5 6\n"));
        }

        Tensor m = CsvReader.Read(path);

        m.Shape.Should().Equal(3, 2);
        m.AsSpan().ToArray().Should().Equal(1f, 2f, 3f, 4f, 5f, 6f);
    }

    [Fact]
    public void Read_BadFile_MessageNamesThePath()
    {
        string path = Path.Combine(_directory, "bad.csv");
        File.WriteAllText(path, "1,2\n3,oops\n");

        Action act = () => CsvReader.Read(path);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage($"{path} line 2*'oops'*");
    }

    [Fact]
    public void Read_GzipNameButNotGzip_ThrowsInvalidData()
    {
        string path = Path.Combine(_directory, "fake.csv.gz");
        File.WriteAllText(path, "1,2\n3,4\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Action act = () => CsvReader.Read(Path.Combine(_directory, "missing.csv"));

        act.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void Read_NullArguments_Throw()
    {
        Action nullReader = () => CsvReader.Read((TextReader)null!);
        Action nullPath = () => CsvReader.Read((string)null!);

        nullReader.Should().Throw<ArgumentNullException>().WithParameterName("reader");
        nullPath.Should().Throw<ArgumentNullException>().WithParameterName("path");
    }

    [Fact]
    public void Read_TextReaderWithBadToken_MessageNamesTheSourceAsCsv()
    {
        Action act = () => Parse("1,x\n");

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("CSV line 1, column 2: 'x' is not a number.");
    }

    [Fact]
    public void Read_BadTokenOfFortyCharacters_IsShownWhole()
    {
        string token = new('x', 40);

        Action act = () => Parse(token);

        act.Should().ThrowExactly<InvalidDataException>().WithMessage($"CSV line 1, column 1: '{token}' is not a number.");
    }

    [Fact]
    public void Read_BadTokenOfFortyOneCharacters_IsCutToFortyWithAnEllipsis()
    {
        string token = new('x', 41);

        Action act = () => Parse(token);

        act.Should().ThrowExactly<InvalidDataException>()
            .WithMessage($"CSV line 1, column 1: '{new string('x', 40)}…' is not a number.");
    }
}
