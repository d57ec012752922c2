using System.Globalization;
using System.Text;
using NeuralNet.Data;

namespace NeuralNet.Tests.Data;

/// <summary>The tokenizer on its own, across buffer refills, with every kind of field and line end.</summary>
public sealed class CsvRecordReaderTests
{
    private static List<string[]> ReadAll(string text, char separator = ',', int maxRecordLength = 1 << 20)
    {
        var reader = new CsvRecordReader(new StringReader(text), "test", maxRecordLength, maxColumns: 100) { Separator = separator };
        var records = new List<string[]>();
        while (reader.Read())
        {
            records.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader[i].ToString())]);
        }

        return records;
    }

    [Fact]
    public void Read_ManyRecordsAcrossRefills_ReturnsEveryFieldExactly()
    {
        // 64 Ki characters is the first buffer: 30,000 records cross it many times, with quoted fields,
        // doubled quotes, quoted line breaks and all three line ends falling on every offset.
        var random = new Random(4);
        var expected = new List<string[]>();
        var text = new StringBuilder();
        string[] ends = ["\n", "\r\n", "\r"];
        for (int r = 0; r < 30_000; r++)
        {
            string plain = random.Next(100_000).ToString(CultureInfo.InvariantCulture);
            string quoted = random.Next(3) switch { 0 => "a,b", 1 => "say \"x\"", _ => "two\nlines" };
            string empty = "";
            expected.Add([plain, quoted, empty]);
            text.Append(plain).Append(",\"").Append(quoted.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",")
                .Append(empty).Append(ends[random.Next(3)]);
        }

        List<string[]> records = ReadAll(text.ToString());

        records.Should().HaveCount(expected.Count);
        for (int r = 0; r < expected.Count; r++)
        {
            records[r].Should().Equal(expected[r], $"record {r}");
        }
    }

    [Fact]
    public void Read_LineNumbers_CountQuotedLineBreaks()
    {
        var reader = new CsvRecordReader(new StringReader("a\n\"b\nc\"\r\nd\re\n"), "test", 1 << 20, 10);
        var lines = new List<long>();
        while (reader.Read())
        {
            lines.Add(reader.Line);
        }

        lines.Should().Equal(1, 2, 4, 5);
    }

    [Fact]
    public void Read_QuoteInsideUnquotedField_IsAnOrdinaryCharacter()
    {
        ReadAll("5\"7,x\n").Single().Should().Equal("5\"7", "x");
    }

    [Fact]
    public void Read_LastLineWithoutLineEnd_IsARecord()
    {
        ReadAll("1,2\n3,\"4\"").Should().BeEquivalentTo(new[] { new[] { "1", "2" }, new[] { "3", "4" } });
    }

    [Fact]
    public void Read_EmptyQuotedField_IsNotABlankLine()
    {
        ReadAll("\"\"\n\n").Should().ContainSingle().Which.Should().Equal("");
    }

    [Fact]
    public void Read_RecordAtTheLimit_IsRead_OneOverIsRefused()
    {
        string fits = new('1', 99); // and its line end makes 100

        ReadAll(fits + "\n" + fits + "\n", maxRecordLength: 100).Should().HaveCount(2);
        Action over = () => ReadAll(fits + "\n" + fits + "1\n", maxRecordLength: 100);
        over.Should().ThrowExactly<InvalidDataException>().WithMessage("test line 2 does not end within 100 characters*");
    }

    [Fact]
    public void DetectSeparator_PicksTheMostFrequentOutsideQuotes()
    {
        CsvRecordReader Reader(string text) => new(new StringReader(text), "test", 1 << 20, 10);

        Reader("a;b;c,d\n1,2\n").DetectSeparator().Should().Be(';');
        Reader("a\tb\tc\n").DetectSeparator().Should().Be('\t');
        Reader("\"x;y;z\",b\n").DetectSeparator().Should().Be(',');
        Reader("a;b,c\n").DetectSeparator().Should().Be(',', "ties go to the comma");
        Reader("single\n").DetectSeparator().Should().Be(',');
    }
}
