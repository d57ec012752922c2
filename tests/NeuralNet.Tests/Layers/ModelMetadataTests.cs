using NeuralNet.Layers;

namespace NeuralNet.Tests.Layers;

public sealed class ModelMetadataTests
{
    [Fact]
    public void ClassNames_CallerChangesTheirArray_MetadataKeepsItsCopy()
    {
        string[] names = ["a", "b"];
        var metadata = new ModelMetadata { ClassNames = names };

        names[0] = "changed";

        metadata.ClassNames.Should().Equal("a", "b");
    }

    [Fact]
    public void ClassNames_NullEntry_ThrowsNamingItsIndex()
    {
        Action create = () => _ = new ModelMetadata { ClassNames = ["a", null!] };

        create.Should().Throw<ArgumentException>().WithMessage("*ClassNames[1] is null*");
    }

    [Fact]
    public void Equals_SameNamesInDifferentLists_IsTrue()
    {
        var a = new ModelMetadata { FeatureNames = ["x", "y"], Task = ModelTask.Regression };
        var b = new ModelMetadata { FeatureNames = new List<string> { "x", "y" }, Task = ModelTask.Regression };

        a.Should().Be(b);
        (a with { FeatureNames = ["x", "z"] }).Should().NotBe(b);
    }

    [Fact]
    public void TrainingEquals_MetricValueDiffers_IsFalse()
    {
        var a = new TrainingMetadata { Epochs = 3, FinalMetrics = new Dictionary<string, double> { ["loss"] = 0.5 } };
        var b = new TrainingMetadata { Epochs = 3, FinalMetrics = new Dictionary<string, double> { ["loss"] = 0.5 } };

        a.Should().Be(b);
        (a with { FinalMetrics = new Dictionary<string, double> { ["loss"] = 0.25 } }).Should().NotBe(b);
    }

    [Fact]
    public void Epochs_Negative_ThrowsArgumentOutOfRangeException()
    {
        Action create = () => _ = new TrainingMetadata { Epochs = -1 };

        create.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Task_UndefinedValue_ThrowsArgumentOutOfRangeException()
    {
        Action create = () => _ = new ModelMetadata { Task = (ModelTask)17 };

        create.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void SequentialMetadata_SetToNull_ThrowsArgumentNullException()
    {
        var model = new Sequential(new Dense(2, 1));

        model.Metadata.Should().Be(new ModelMetadata());
        Action set = () => model.Metadata = null!;

        set.Should().Throw<ArgumentNullException>();
    }
}
