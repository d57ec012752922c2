using NeuralNet.Layers;

namespace NeuralNet.Tests.Layers;

/// <summary>Model and training metadata are equal only when every member is: each member alone makes a difference.</summary>
public sealed class MetadataEqualityTests
{
    private static readonly DateTimeOffset When = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static TrainingMetadata Training() => new()
    {
        TrainedAt = When, Epochs = 5, LibraryVersion = "0.1.0",
        FinalMetrics = new Dictionary<string, double> { ["loss"] = 0.25, ["accuracy"] = 0.9 },
    };

    private static ModelMetadata Model() => new()
    {
        ClassNames = ["a", "b"], FeatureNames = ["x", "y", "z"], Task = ModelTask.MultiClassClassification, Training = Training(),
    };

    public static TheoryData<string> ModelVariants => ["task", "training", "classes", "features", "null"];

    public static TheoryData<string> TrainingVariants => ["date", "epochs", "version", "metric value", "metric name", "fewer metrics"];

    [Theory]
    [MemberData(nameof(ModelVariants))]
    public void ModelMetadataEquals_OneMemberDiffers_IsFalse(string member)
    {
        ModelMetadata other = member switch
        {
            "task" => Model() with { Task = ModelTask.MultiLabelClassification },
            "training" => Model() with { Training = Training() with { Epochs = 6 } },
            "classes" => Model() with { ClassNames = ["a", "c"] },
            "features" => Model() with { FeatureNames = ["x", "y"] },
            _ => null!,
        };

        Model().Equals(other).Should().BeFalse();
        Model().Equals(Model()).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(TrainingVariants))]
    public void TrainingMetadataEquals_OneMemberDiffers_IsFalse(string member)
    {
        TrainingMetadata other = member switch
        {
            "date" => Training() with { TrainedAt = When.AddSeconds(1) },
            "epochs" => Training() with { Epochs = 4 },
            "version" => Training() with { LibraryVersion = "0.2.0" },
            "metric value" => Training() with { FinalMetrics = new Dictionary<string, double> { ["loss"] = 0.25, ["accuracy"] = 0.8 } },
            "metric name" => Training() with { FinalMetrics = new Dictionary<string, double> { ["loss"] = 0.25, ["acc"] = 0.9 } },
            _ => Training() with { FinalMetrics = new Dictionary<string, double> { ["loss"] = 0.25 } },
        };

        Training().Equals(other).Should().BeFalse();
        Training().Equals(Training()).Should().BeTrue();
    }

    [Fact]
    public void Epochs_ZeroIsAllowedNegativeIsRefused()
    {
        new TrainingMetadata { Epochs = 0 }.Epochs.Should().Be(0);

        Action act = () => _ = new TrainingMetadata { Epochs = -1 };

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Epochs cannot be negative*");
    }
}
