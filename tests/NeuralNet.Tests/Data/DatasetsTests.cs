using NeuralNet.Data;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Data;

public sealed class DatasetsTests
{
    /// <summary>How many rows have a 1 in each column of a one-hot (or 0/1) target matrix.</summary>
    private static int[] ClassCounts(Tensor targets)
    {
        int[] counts = new int[targets.Columns];
        for (int r = 0; r < targets.Rows; r++)
        {
            Span<float> row = targets.Row(r);
            for (int c = 0; c < row.Length; c++)
            {
                counts[c] += row[c] == 1f ? 1 : 0;
            }
        }

        return counts;
    }

    private static void ShouldBeOneHot(Tensor targets)
    {
        for (int r = 0; r < targets.Rows; r++)
        {
            float[] row = targets.Row(r).ToArray();
            row.Should().OnlyContain(v => v == 0f || v == 1f, "row {0} must be one-hot", r);
            row.Sum().Should().Be(1f, "row {0} must be one-hot", r);
        }
    }

    [Fact]
    public void Digits_Loaded_Has1797ImagesOf64PixelsAndTenOneHotClasses()
    {
        Dataset digits = Datasets.Digits();

        digits.Count.Should().Be(1797);
        digits.FeatureCount.Should().Be(64);
        digits.TargetCount.Should().Be(10);
        ShouldBeOneHot(digits.Targets);
        ClassCounts(digits.Targets).Should().Equal(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
        digits.Features.AsSpan().ToArray().Should().OnlyContain(v => v >= 0 && v <= 16 && v == MathF.Round(v));
        digits.Features.Row(0).ToArray().Should().StartWith([0f, 0f, 5f, 13f, 9f, 1f, 0f, 0f]);
        digits.Targets[0, 0].Should().Be(1f);
    }

    [Fact]
    public void Iris_Loaded_Has150SamplesOf4FeaturesAnd50PerClass()
    {
        Dataset iris = Datasets.Iris();

        iris.Count.Should().Be(150);
        iris.FeatureCount.Should().Be(4);
        iris.TargetCount.Should().Be(3);
        ShouldBeOneHot(iris.Targets);
        ClassCounts(iris.Targets).Should().Equal(50, 50, 50);
        iris.Features.Row(0).ToArray().Should().Equal(5.1f, 3.5f, 1.4f, 0.2f);
        iris.Features.Row(149).ToArray().Should().Equal(5.9f, 3.0f, 5.1f, 1.8f);
    }

    [Fact]
    public void Wine_Loaded_Has178SamplesOf13FeaturesAndThreeClasses()
    {
        Dataset wine = Datasets.Wine();

        wine.Count.Should().Be(178);
        wine.FeatureCount.Should().Be(13);
        wine.TargetCount.Should().Be(3);
        ShouldBeOneHot(wine.Targets);
        ClassCounts(wine.Targets).Should().Equal(59, 71, 48);
        wine.Features[0, 0].Should().Be(14.23f);
        wine.Features[0, 12].Should().Be(1065f, "features are raw, not standardised");
    }

    [Fact]
    public void BreastCancer_Loaded_Has569SamplesOf30FeaturesAndOneBinaryTarget()
    {
        Dataset cancer = Datasets.BreastCancer();

        cancer.Count.Should().Be(569);
        cancer.FeatureCount.Should().Be(30);
        cancer.TargetCount.Should().Be(1);
        float[] targets = cancer.Targets.AsSpan().ToArray();
        targets.Should().OnlyContain(v => v == 0f || v == 1f);
        targets.Count(v => v == 0f).Should().Be(212, "212 tumours are malignant (0)");
        targets.Count(v => v == 1f).Should().Be(357, "357 are benign (1)");
        cancer.Features[0, 0].Should().Be(17.99f);
        cancer.Targets[0, 0].Should().Be(0f);
    }

    [Fact]
    public void Diabetes_Loaded_Has442SamplesOf10RawFeaturesAndTargetsIn25To346()
    {
        Dataset diabetes = Datasets.Diabetes();

        diabetes.Count.Should().Be(442);
        diabetes.FeatureCount.Should().Be(10);
        diabetes.TargetCount.Should().Be(1);
        float[] targets = diabetes.Targets.AsSpan().ToArray();
        targets.Min().Should().Be(25f);
        targets.Max().Should().Be(346f);
        diabetes.Features.Row(0).ToArray().Should().Equal(59f, 2f, 32.1f, 101f, 157f, 93.2f, 38f, 4f, 4.8598f, 87f);
        diabetes.Targets[0, 0].Should().Be(151f);
    }

    [Fact]
    public void ClassNames_MatchTargetColumns()
    {
        Datasets.DigitsClassNames.Should().HaveCount(Datasets.Digits().TargetCount);
        Datasets.IrisClassNames.Should().Equal("setosa", "versicolor", "virginica");
        Datasets.WineClassNames.Should().Equal("class_0", "class_1", "class_2");
        Datasets.BreastCancerClassNames.Should().Equal("malignant", "benign");
    }

    [Fact]
    public void ClassNames_CannotBeModified()
    {
        var names = (ICollection<string>)Datasets.IrisClassNames;

        names.IsReadOnly.Should().BeTrue();
    }

    public static TheoryData<string> Loaders => ["Digits", "Iris", "Wine", "BreastCancer", "Diabetes"];

    private static Dataset Load(string name) => name switch
    {
        "Digits" => Datasets.Digits(),
        "Iris" => Datasets.Iris(),
        "Wine" => Datasets.Wine(),
        "BreastCancer" => Datasets.BreastCancer(),
        "Diabetes" => Datasets.Diabetes(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown dataset"),
    };

    [Theory]
    [MemberData(nameof(Loaders))]
    public void Load_CalledTwice_ReturnsIndependentCopies(string name)
    {
        Dataset first = Load(name);
        float original = first.Features[0, 0];
        first.Features[0, 0] = -12345f;
        first.Targets[0, 0] = -1f;

        Dataset second = Load(name);

        second.Should().NotBeSameAs(first);
        second.Features[0, 0].Should().Be(original);
        second.Targets[0, 0].Should().NotBe(-1f);
    }
}
