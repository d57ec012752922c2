using System.Text;
using NeuralNet.Data;

namespace NeuralNet.Tests.Data;

/// <summary>Every bad file gets an <see cref="InvalidDataException"/> naming the problem, quickly and cheaply.</summary>
public sealed class DatasetCsvBadInputTests : IDisposable
{
    private readonly CsvTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Action Load(string text, string target = "y", CsvOptions? options = null)
    {
        string path = _folder.Write(text);
        return () => Dataset.FromCsv(path, target, options);
    }

    [Fact]
    public void FromCsv_TextInFeatureColumn_NamesRowColumnAndText()
    {
        Load("a,b,y\n1,2,3\n4,five,6\n").Should().ThrowExactly<InvalidDataException>()
            .WithMessage("*row 2 (line 3), column 'b' (index 1): 'five' is not a number; feature columns must hold numbers*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("NA")]
    [InlineData("n/a")]
    [InlineData("?")]
    [InlineData(" NaN ")]
    [InlineData("\"\"")]
    public void FromCsv_MissingFeature_NamesRowAndColumn(string missing)
    {
        Load($"a,b,y\n1,{missing},3\n").Should().ThrowExactly<InvalidDataException>()
            .WithMessage("*row 1 (line 2), column 'b' (index 1): the value is missing*DropIncompleteRows*");
    }

    [Fact]
    public void FromCsv_MissingLabel_NamesRowAndColumn()
    {
        Load("a,y\n1,cat\n2,NA\n").Should().ThrowExactly<InvalidDataException>()
            .WithMessage("*row 2 (line 3), column 'y' (index 1): the value is missing ('NA')*");
    }

    [Fact]
    public void FromCsv_InfiniteFeature_SaysNotFinite()
    {
        Load("a,y\n1e999,1\n").Should().ThrowExactly<InvalidDataException>().WithMessage("*'1e999' is not a finite number*");
    }

    [Fact]
    public void FromCsv_TextInRegressionTarget_SuggestsClasses()
    {
        Load("a,y\n1,cat\n", options: new CsvOptions { Target = TargetKind.Regression }).Should().ThrowExactly<InvalidDataException>()
            .WithMessage("*'cat' is not a number; a Regression target*TargetKind.Classes*");
    }

    [Fact]
    public void FromCsv_RowOfAnotherWidth_NamesBothCounts()
    {
        Load("a,b,y\n1,2,3\n4,5\n").Should().ThrowExactly<InvalidDataException>()
            .WithMessage("*row 2 (line 3) has 2 values; the header has 3*");
    }

    [Fact]
    public void FromCsv_QuoteNeverClosed_NamesTheLineItOpens()
    {
        Load("a,y\n1,2\n3,\"open\n4,5\n6,7\n").Should().ThrowExactly<InvalidDataException>()
            .WithMessage("*line 3: a quoted field opens there and is never closed*");
    }

    [Fact]
    public void FromCsv_TextAfterClosingQuote_Throws()
    {
        Load("a,y\n\"1\"x,2\n").Should().ThrowExactly<InvalidDataException>().WithMessage("*line 2: 'x' follows the closing quote*");
    }

    [Fact]
    public void FromCsv_UnknownColumn_ListsTheColumnsAndSuggestsCase()
    {
        Load("a,Species\n1,x\n", target: "species").Should().ThrowExactly<ArgumentException>().WithParameterName("target")
            .WithMessage("*no column 'species'; its columns are 'a', 'Species'. Did you mean 'Species'?*");
    }

    [Fact]
    public void FromCsv_DuplicateHeaderName_Throws()
    {
        Load("a,b,a,y\n1,2,3,4\n").Should().ThrowExactly<InvalidDataException>().WithMessage("*column 'a' twice (indexes 0 and 2)*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void FromCsv_EmptyFile_Throws(string text)
    {
        Load(text).Should().ThrowExactly<InvalidDataException>().WithMessage("*empty*");
    }

    [Fact]
    public void FromCsv_HeaderOnly_SaysNoDataRows()
    {
        Load("a,y\n").Should().ThrowExactly<InvalidDataException>().WithMessage("*no data rows after its header*");
    }

    [Fact]
    public void FromCsv_AllRowsDropped_SaysSo()
    {
        Load("a,y\nNA,1\n2,?\n", options: new CsvOptions { DropIncompleteRows = true }).Should().ThrowExactly<InvalidDataException>()
            .WithMessage("*all 2 data rows have missing values*");
    }

    [Fact]
    public void FromCsv_OneClassOnly_Throws()
    {
        Load("a,y\n1,cat\n2,cat\n").Should().ThrowExactly<InvalidDataException>().WithMessage("*every row has the label 'cat'*two classes*");
    }

    [Fact]
    public void FromCsv_LabelOutsideGivenClassNames_NamesIt()
    {
        Load("a,y\n1,cat\n2,cow\n", options: new CsvOptions { ClassNames = ["cat", "dog"] }).Should().ThrowExactly<InvalidDataException>()
            .WithMessage("*row 2 (line 3), column 'y' (index 1): 'cow' is not one of CsvOptions.ClassNames (cat, dog)*");
    }

    [Fact]
    public void FromCsv_BinaryWithThreeLabels_ListsThem()
    {
        Load("a,y\n1,a\n2,b\n3,c\n", options: new CsvOptions { Target = TargetKind.Binary }).Should().ThrowExactly<InvalidDataException>()
            .WithMessage("*3 distinct labels ('a', 'b', 'c'); a Binary target has two*");
    }

    [Fact]
    public void FromCsv_SeveralBinaryColumnsWithTwo_NamesTheValue()
    {
        string path = _folder.Write("x,p,q\n1,0,2\n");

        Action act = () => Dataset.FromCsv(path, targets: ["p", "q"], new CsvOptions { Target = TargetKind.Binary });

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*column 'q' (index 2): 2 is not 0 or 1*");
    }

    [Fact]
    public void FromCsv_TooManyClasses_StopsAtTheLimit()
    {
        string rows = string.Concat(Enumerable.Range(0, 20).Select(i => $"{i},label{i}\n"));

        Load("a,y\n" + rows, options: new CsvOptions { MaxClassCount = 10 }).Should().ThrowExactly<InvalidDataException>()
            .WithMessage("*row 11 (line 12)*more than 10 distinct labels (CsvOptions.MaxClassCount)*");
    }

    [Fact]
    public void FromCsv_ManyDistinctNumbersUnasked_AreRegressionNotTooManyClasses()
    {
        string rows = string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},{i * 0.5}\n"));

        Dataset data = Dataset.FromCsv(_folder.Write("a,y\n" + rows), "y", new CsvOptions { MaxClassCount = 10 });

        data.TargetCount.Should().Be(1);
        data.Targets[49, 0].Should().Be(24.5f);
    }

    [Fact]
    public void FromCsv_HeaderOfAMillionColumns_StopsAtTheColumnLimitCheaply()
    {
        var header = new StringBuilder(4_000_000);
        for (int i = 0; i < 1_000_000; i++)
        {
            header.Append('c').Append(i % 10).Append(',');
        }

        string path = _folder.Write(header.Append("y\n1\n").ToString());
        long before = GC.GetAllocatedBytesForCurrentThread();

        Action act = () => Dataset.FromCsv(path, "y", new CsvOptions { MaxRecordLength = 8 << 20 });

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*line 1 has more than 16384 columns*MaxColumns*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(64L << 20, "the limit stops the work early");
    }

    [Fact]
    public void FromCsv_HugeLineWithoutLineEnd_StopsAtTheRecordLimitCheaply()
    {
        string path = Path.Combine(_folder.Path, "long.csv");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("a,y\n");
            var chunk = new string('7', 1 << 16);
            for (int i = 0; i < 256; i++)
            {
                writer.Write(chunk); // 16 M characters, no line end
            }
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action act = () => Dataset.FromCsv(path, "y");

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*line 2 does not end within 1048576 characters (CsvOptions.MaxRecordLength)*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(16L << 20);
    }

    [Fact]
    public void FromCsv_QuoteNeverClosedInBigFile_StopsAtTheRecordLimit()
    {
        string body = string.Concat(Enumerable.Range(0, 300_000).Select(i => $"{i},1\n"));

        Load("a,y\n1,\"2\n" + body).Should().ThrowExactly<InvalidDataException>()
            .WithMessage("*line 2: a quoted field opens there and does not close within 1048576 characters*");
    }

    [Fact]
    public void FromCsv_ManyRowsOfManyClasses_StopAtTheValueLimitBeforeAllocating()
    {
        // 4,000 short rows and 1,000 labels: 4 million one-hot values from 40 kB of text.
        string rows = string.Concat(Enumerable.Range(0, 4000).Select(i => $"{i % 10},c{i % 1000}\n"));
        string path = _folder.Write("a,y\n" + rows);
        long before = GC.GetAllocatedBytesForCurrentThread();

        Action act = () => Dataset.FromCsv(path, "y", new CsvOptions { MaxValues = 1_000_000 });

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*4000 rows × 1000 classes*CsvOptions.MaxValues*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(4_000_000, "the 16 MB one-hot tensor is never allocated");
    }

    [Fact]
    public void FromCsv_TooManyValues_StopsAtTheRowThatPassesTheLimit()
    {
        Load("a,b,y\n1,2,3\n4,5,6\n7,8,9\n", options: new CsvOptions { MaxValues = 7 }).Should().ThrowExactly<InvalidDataException>()
            .WithMessage("*row 3 (line 4): the dataset would hold more than 7 values (CsvOptions.MaxValues)*");
    }

    [Fact]
    public void FromCsv_AllColumnsTargets_Throws()
    {
        string path = _folder.Write("a,b\n1,2\n");

        Action act = () => Dataset.FromCsv(path, targets: ["a", "b"]);

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("targets").WithMessage("*at least one must remain as a feature*");
    }

    [Fact]
    public void FromCsv_TargetIndexOutsideTheFile_Throws()
    {
        string path = _folder.Write("a,b\n1,2\n");

        Action outside = () => Dataset.FromCsv(path, targetColumn: 2);
        Action negative = () => Dataset.FromCsv(path, targetColumn: -1);

        outside.Should().ThrowExactly<ArgumentException>().WithMessage("*index 2 is outside*2 columns*");
        negative.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("targetColumn");
    }

    [Fact]
    public void FromCsv_ContradictoryOptions_AreRefusedUpFront()
    {
        string path = _folder.Write("a,b,c\n1,2,3\n");

        Action classesOnTwo = () => Dataset.FromCsv(path, targets: ["b", "c"], new CsvOptions { Target = TargetKind.Classes });
        Action namesForRegression = () => Dataset.FromCsv(path, "c", new CsvOptions { Target = TargetKind.Regression, ClassNames = ["x", "y"] });
        Action threeBinaryNames = () => Dataset.FromCsv(path, "c", new CsvOptions { Target = TargetKind.Binary, ClassNames = ["x", "y", "z"] });
        Action quoteSeparator = () => Dataset.FromCsv(path, "c", new CsvOptions { Separator = '"' });

        classesOnTwo.Should().ThrowExactly<ArgumentException>().WithMessage("*one column of labels*Binary*");
        namesForRegression.Should().ThrowExactly<ArgumentException>().WithMessage("*ClassNames applies to one class column*");
        threeBinaryNames.Should().ThrowExactly<ArgumentException>().WithMessage("*exactly two*");
        quoteSeparator.Should().ThrowExactly<ArgumentException>().WithMessage("*cannot be a quote*");
    }

    [Fact]
    public void FromCsv_NamesWithoutHeader_AreRefused()
    {
        string path = _folder.Write("1,2\n");

        Action act = () => Dataset.FromCsv(path, "y", new CsvOptions { HasHeader = false });

        act.Should().ThrowExactly<ArgumentException>().WithMessage("*HasHeader is false*indexes*");
    }

    [Fact]
    public void FromCsv_MissingFile_ThrowsFileNotFound()
    {
        Action act = () => Dataset.FromCsv(Path.Combine(_folder.Path, "none.csv"), "y");

        act.Should().Throw<FileNotFoundException>();
    }
}
