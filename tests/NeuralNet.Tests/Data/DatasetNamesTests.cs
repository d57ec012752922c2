using NeuralNet.Data;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Data;

public sealed class DatasetNamesTests
{
    private static Dataset Named() =>
        new(new Tensor([1f, 2f, 3f, 4f, 5f, 6f], 3, 2), new Tensor([1f, 0f, 0f, 1f, 1f, 0f], 3, 2))
        {
            FeatureNames = ["width", "height"],
            TargetNames = ["kind"],
            ClassNames = ["cat", "dog"],
        };

    [Fact]
    public void Names_AreNullWhenNotGiven()
    {
        var data = new Dataset(new Tensor(2, 2), new Tensor(2, 1));

        data.FeatureNames.Should().BeNull();
        data.TargetNames.Should().BeNull();
        data.ClassNames.Should().BeNull();
    }

    [Fact]
    public void Names_AreCopied()
    {
        string[] names = ["width", "height"];
        var data = new Dataset(new Tensor(1, 2), new Tensor(1, 1)) { FeatureNames = names };

        names[0] = "changed";

        data.FeatureNames.Should().Equal("width", "height");
    }

    [Fact]
    public void SubsetAndSplit_KeepNames()
    {
        Dataset data = Named();

        Dataset subset = data.Subset([2, 0]);
        var (train, test) = data.Split(0.5, seed: 1);

        foreach (Dataset part in new[] { subset, train, test })
        {
            part.FeatureNames.Should().Equal("width", "height");
            part.TargetNames.Should().Equal("kind");
            part.ClassNames.Should().Equal("cat", "dog");
        }
    }

    [Fact]
    public void FeatureNames_WrongCount_Throws()
    {
        Action act = () => _ = new Dataset(new Tensor(1, 2), new Tensor(1, 1)) { FeatureNames = ["only"] };

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("FeatureNames").WithMessage("*1 names; this dataset needs 2*");
    }

    [Fact]
    public void TargetNames_OneOrOnePerColumn_OthersThrow()
    {
        var targets = new Tensor(1, 3);

        _ = new Dataset(new Tensor(1, 1), targets) { TargetNames = ["species"] };
        _ = new Dataset(new Tensor(1, 1), targets) { TargetNames = ["a", "b", "c"] };
        Action two = () => _ = new Dataset(new Tensor(1, 1), targets) { TargetNames = ["a", "b"] };

        two.Should().ThrowExactly<ArgumentException>().WithParameterName("TargetNames").WithMessage("*1 or 3*");
    }

    [Fact]
    public void ClassNames_MustMatchOneHotWidthOrTwoForOneColumn()
    {
        Action wrongWidth = () => _ = new Dataset(new Tensor(1, 1), new Tensor(1, 3)) { ClassNames = ["a", "b"] };
        Action binary = () => _ = new Dataset(new Tensor(1, 1), new Tensor(1, 1)) { ClassNames = ["no", "yes"] };
        Action repeated = () => _ = new Dataset(new Tensor(1, 1), new Tensor(1, 2)) { ClassNames = ["a", "a"] };
        Action nullName = () => _ = new Dataset(new Tensor(1, 1), new Tensor(1, 2)) { ClassNames = ["a", null!] };

        wrongWidth.Should().ThrowExactly<ArgumentException>().WithParameterName("ClassNames").WithMessage("*needs 3*");
        binary.Should().NotThrow();
        repeated.Should().ThrowExactly<ArgumentException>().WithMessage("*distinct*");
        nullName.Should().ThrowExactly<ArgumentException>().WithMessage("*ClassNames[1] is null*");
    }

    [Fact]
    public void FromLabels_WithClassNames_KeepsThem()
    {
        Dataset data = Dataset.FromLabels(new Tensor(2, 1), [1, 0], ["cat", "dog"]);

        data.ClassNames.Should().Equal("cat", "dog");
        data.Targets.AsSpan().ToArray().Should().Equal(0f, 1f, 1f, 0f);
    }

    [Fact]
    public void EmbeddedClassificationDatasets_CarryTheirClassNames()
    {
        Datasets.Iris().ClassNames.Should().Equal(Datasets.IrisClassNames);
        Datasets.BreastCancer().ClassNames.Should().Equal(Datasets.BreastCancerClassNames);
    }
}
