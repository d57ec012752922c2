using System.Globalization;
using NeuralNet.Data;

namespace NeuralNet.Tests.Data;

public sealed class DatasetCsvTests : IDisposable
{
    private readonly CsvTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static float[] Values(NeuralNet.Tensors.Tensor t) => t.AsSpan().ToArray();

    [Fact]
    public void FromCsv_IrisWithTextSpecies_Gives150RowsFourNamedFeaturesThreeClasses()
    {
        Dataset iris = Dataset.FromCsv(CsvTestFolder.Fixture("iris.csv"), target: "species");

        iris.Count.Should().Be(150);
        iris.FeatureNames.Should().Equal("sepal_length", "sepal_width", "petal_length", "petal_width");
        iris.ClassNames.Should().Equal("setosa", "versicolor", "virginica");
        iris.TargetNames.Should().Equal("species");
        iris.TargetCount.Should().Be(3);
        Values(iris.Features)[..4].Should().Equal(5.1f, 3.5f, 1.4f, 0.2f);
    }

    [Fact]
    public void FromCsv_IrisFixture_EqualsTheEmbeddedIris()
    {
        Dataset fromCsv = Dataset.FromCsv(CsvTestFolder.Fixture("iris.csv"), target: "species");
        Dataset embedded = Datasets.Iris();

        Values(fromCsv.Features).Should().Equal(Values(embedded.Features));
        Values(fromCsv.Targets).Should().Equal(Values(embedded.Targets));
        fromCsv.ClassNames.Should().Equal(Datasets.IrisClassNames);
    }

    [Fact]
    public void FromCsv_TextLabels_AreSortedOrdinallyNotByFirstAppearance()
    {
        string path = _folder.Write("x,label\n1,cherry\n2,apple\n3,Banana\n4,apple\n");

        Dataset data = Dataset.FromCsv(path, target: "label");

        data.ClassNames.Should().Equal("Banana", "apple", "cherry"); // ordinal: upper case first
        Values(data.Targets).Should().Equal(
            0, 0, 1,
            0, 1, 0,
            1, 0, 0,
            0, 1, 0);
    }

    [Fact]
    public void FromCsv_TargetInMiddleColumn_FeaturesKeepTheirOrder()
    {
        string path = _folder.Write("a,y,b\n1,10,2\n3,20,4\n");

        Dataset data = Dataset.FromCsv(path, target: "y");

        data.FeatureNames.Should().Equal("a", "b");
        Values(data.Features).Should().Equal(1, 2, 3, 4);
        Values(data.Targets).Should().Equal(10, 20);
        data.ClassNames.Should().BeNull("numbers alone make a regression target");
    }

    [Fact]
    public void FromCsv_SeveralTargets_MultiOutputRegressionInNamedOrder()
    {
        string path = _folder.Write("y1,x,y2\n1.5,7,-2\n2.5,8,-3\n");

        Dataset data = Dataset.FromCsv(path, targets: ["y2", "y1"]);

        data.TargetNames.Should().Equal("y2", "y1");
        Values(data.Targets).Should().Equal(-2, 1.5f, -3, 2.5f);
        Values(data.Features).Should().Equal(7, 8);
    }

    [Fact]
    public void FromCsv_SeveralBinaryTargets_MultiLabel()
    {
        string path = _folder.Write("x,red,round\n1,1,0\n2,0,1\n");

        Dataset data = Dataset.FromCsv(path, targets: ["red", "round"], new CsvOptions { Target = TargetKind.Binary });

        Values(data.Targets).Should().Equal(1, 0, 0, 1);
    }

    [Fact]
    public void FromCsv_ByIndexWithoutHeader_ReadsEveryLineAsData()
    {
        string path = _folder.Write("1,2,0\n3,4,1\n5,6,2\n");

        Dataset data = Dataset.FromCsv(path, targetColumn: 2, new CsvOptions { HasHeader = false, Target = TargetKind.Classes });

        data.Count.Should().Be(3);
        data.FeatureNames.Should().BeNull();
        data.ClassNames.Should().Equal("0", "1", "2");
        Values(data.Targets).Should().Equal(1, 0, 0, 0, 1, 0, 0, 0, 1);
    }

    [Fact]
    public void FromCsv_ByIndexes_PicksThoseColumns()
    {
        string path = _folder.Write("a,b,c,d\n1,2,3,4\n");

        Dataset data = Dataset.FromCsv(path, targetColumns: [3, 0]);

        Values(data.Targets).Should().Equal(4, 1);
        data.FeatureNames.Should().Equal("b", "c");
    }

    [Fact]
    public void FromCsv_IntegerClassLabels_SortNumericallyAndNeedToBeAsked()
    {
        string path = _folder.Write("x,digit\n0,10\n1,2\n2,9\n3,2\n");

        Dataset classes = Dataset.FromCsv(path, target: "digit", new CsvOptions { Target = TargetKind.Classes });
        Dataset regression = Dataset.FromCsv(path, target: "digit");

        classes.ClassNames.Should().Equal("2", "9", "10");
        Values(classes.Targets).Should().Equal(0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0);
        Values(regression.Targets).Should().Equal(10, 2, 9, 2);
    }

    [Fact]
    public void FromCsv_GivenClassNames_FixOrderAndKeepAbsentClasses()
    {
        string path = _folder.Write("x,size\n1,small\n2,large\n");

        Dataset data = Dataset.FromCsv(path, target: "size", new CsvOptions { ClassNames = ["small", "medium", "large"] });

        data.ClassNames.Should().Equal("small", "medium", "large");
        Values(data.Targets).Should().Equal(1, 0, 0, 0, 0, 1);
    }

    [Fact]
    public void FromCsv_BinaryTextLabels_BecomeZeroOneInClassOrder()
    {
        string path = _folder.Write("x,diagnosis\n1,M\n2,B\n3,M\n");

        Dataset data = Dataset.FromCsv(path, target: "diagnosis", new CsvOptions { Target = TargetKind.Binary });

        data.TargetCount.Should().Be(1);
        data.ClassNames.Should().Equal("B", "M");
        Values(data.Targets).Should().Equal(1, 0, 1);
    }

    [Fact]
    public void FromCsv_BinaryNumbersAllOnes_StayOnes()
    {
        string path = _folder.Write("x,y\n1,1\n2,1\n");

        Dataset data = Dataset.FromCsv(path, target: "y", new CsvOptions { Target = TargetKind.Binary });

        Values(data.Targets).Should().Equal(1, 1);
        data.ClassNames.Should().Equal("0", "1");
    }

    [Fact]
    public void FromCsv_QuotedFields_FollowRfc4180()
    {
        string path = _folder.Write("\"a\",\"b, with comma\",label\n\"1.5\",2,\"say \"\"hi\"\"\"\n3,\"4\",\"two\nlines\"\r\n");

        Dataset data = Dataset.FromCsv(path, target: "label");

        data.FeatureNames.Should().Equal("a", "b, with comma");
        Values(data.Features).Should().Equal(1.5f, 2, 3, 4);
        data.ClassNames.Should().Equal("say \"hi\"", "two\nlines");
    }

    [Theory]
    [InlineData(";")]
    [InlineData("\t")]
    [InlineData(",")]
    public void FromCsv_Separator_IsDetectedFromTheHeader(string separator)
    {
        string[] lines = [string.Join(separator, "a", "b", "y"), string.Join(separator, "1.5", "2", "x"), string.Join(separator, "3", "4", "z")];
        string path = _folder.Write(string.Join("\n", lines) + "\n");

        Dataset data = Dataset.FromCsv(path, target: "y");

        data.FeatureNames.Should().Equal("a", "b");
        Values(data.Features).Should().Equal(1.5f, 2, 3, 4);
    }

    [Fact]
    public void FromCsv_SemicolonsInsideQuotesOfACommaHeader_DoNotFoolDetection()
    {
        string path = _folder.Write("\"a;b;c\",y\n1,2\n");

        Dataset.FromCsv(path, target: "y").FeatureNames.Should().Equal("a;b;c");
    }

    [Fact]
    public void FromCsv_GivenSeparator_OverridesDetection()
    {
        string path = _folder.Write("a;b;c,y\n7,4\n");

        Dataset data = Dataset.FromCsv(path, target: "y", new CsvOptions { Separator = ',' });

        data.FeatureNames.Should().Equal("a;b;c");
        Action detected = () => Dataset.FromCsv(path, target: "y");
        detected.Should().Throw<ArgumentException>().WithMessage("*no column 'y'; its columns are 'a', 'b', 'c,y'*", "';' is more frequent");
    }

    [Fact]
    public void FromCsv_CommaDecimalCulture_StillReadsInvariantNumbers()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            string path = _folder.Write("a;y\n1.25;2e-3\n");

            Dataset data = Dataset.FromCsv(path, target: "y");

            Values(data.Features).Should().Equal(1.25f);
            Values(data.Targets).Should().Equal(2e-3f);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void FromCsv_GzipFile_IsDecompressed()
    {
        string path = _folder.WriteGzip("a,y\n1,cat\n2,dog\n");

        Dataset data = Dataset.FromCsv(path, target: "y");

        data.ClassNames.Should().Equal("cat", "dog");
    }

    [Fact]
    public void FromCsv_GzipCutShort_Throws()
    {
        string whole = _folder.WriteGzip(string.Concat(Enumerable.Range(0, 400).Select(i => $"{i},{i % 3}\n")).Insert(0, "a,y\n"));
        byte[] bytes = File.ReadAllBytes(whole);
        string cut = Path.Combine(_folder.Path, "cut.csv.gz");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);

        Action act = () => Dataset.FromCsv(cut, target: "y");

        act.Should().ThrowExactly<InvalidDataException>().WithMessage("*truncated or corrupt*");
    }

    [Fact]
    public void FromCsv_BlankLinesAndWindowsLineEnds_AreHandled()
    {
        string path = _folder.Write("a,y\r\n\r\n1,2\r\n   \r\n3,4\r\n\r\n");

        Values(Dataset.FromCsv(path, target: "y").Features).Should().Equal(1, 3);
    }

    [Fact]
    public void FromCsv_ByteOrderMark_IsNotPartOfTheFirstName()
    {
        string path = Path.Combine(_folder.Path, "bom.csv");
        File.WriteAllText(path, "a,y\n1,2\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Dataset.FromCsv(path, target: "y").FeatureNames.Should().Equal("a");
    }

    [Fact]
    public void FromCsv_DropIncompleteRows_LeavesOutRowsAndTheirClasses()
    {
        string path = _folder.Write("a,b,y\n1,2,cat\n3,NA,bird\n5,6,dog\n?,8,cat\n9,10,\n11,12,dog\n");

        Dataset data = Dataset.FromCsv(path, target: "y", new CsvOptions { DropIncompleteRows = true });

        Values(data.Features).Should().Equal(1, 2, 5, 6, 11, 12);
        data.ClassNames.Should().Equal("cat", "dog");
    }

    [Fact]
    public void Split_OfCsvDataset_KeepsNames()
    {
        Dataset iris = Dataset.FromCsv(CsvTestFolder.Fixture("iris.csv"), target: "species");

        var (train, test) = iris.Split(0.8, seed: 1, stratify: true);

        train.FeatureNames.Should().Equal(iris.FeatureNames);
        test.ClassNames.Should().Equal("setosa", "versicolor", "virginica");
        test.TargetNames.Should().Equal("species");
    }
}
