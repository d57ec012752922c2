using System.Buffers.Binary;
using NeuralNet.Layers;
using NeuralNet.Serialization;

namespace NeuralNet.Tests.Serialization;

/// <summary>The optional metadata sections <c>clas</c>, <c>feat</c>, <c>task</c> and <c>meta</c>.</summary>
public sealed class ModelFileMetadataTests
{
    private static readonly ModelMetadata s_full = new()
    {
        ClassNames = ["setosa", "versicolor", "virginica"],
        FeatureNames = ["sepal length", "sepal width", "petal length", "pétale ∂"],
        Task = ModelTask.MultiClassClassification,
        Training = new TrainingMetadata
        {
            TrainedAt = new DateTimeOffset(2026, 12, 2, 0, 45, 12, 345, TimeSpan.Zero),
            Epochs = 120,
            LibraryVersion = "0.9.0-dev",
            FinalMetrics = new Dictionary<string, double> { ["loss"] = 0.0625, ["accuracy"] = 0.975, ["validation_loss"] = double.NaN },
        },
    };

    private static Sequential NewModel() => new(new Dense(4, 3, seed: 1), new Softmax());

    private static Sequential Read(byte[] bytes) => ModelFile.Read(new MemoryStream(bytes, writable: false));

    private static byte[] WithSection(string tag, byte[] payload, Sequential? model = null) =>
        NnetBytes.InsertSection(NnetBytes.Serialize(model ?? NewModel()), index: 3, tag, payload);

    private static byte[] Strings(params byte[][] strings)
    {
        var bytes = new List<byte>(BitConverter.GetBytes((uint)strings.Length));
        foreach (byte[] s in strings)
        {
            bytes.AddRange(BitConverter.GetBytes((uint)s.Length));
            bytes.AddRange(s);
        }

        return [.. bytes];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_SavedMetadata_RoundTripsEveryField(bool pipe)
    {
        Sequential model = NewModel();
        model.Metadata = s_full;
        byte[] bytes = NnetBytes.Serialize(model);

        Sequential loaded = ModelFile.Read(pipe ? new OneWayStream(bytes) : new MemoryStream(bytes));

        loaded.Metadata.Should().Be(s_full);
        loaded.Metadata.ClassNames.Should().Equal("setosa", "versicolor", "virginica");
        loaded.Metadata.Training!.FinalMetrics["accuracy"].Should().Be(0.975);
        loaded.Metadata.Training.TrainedAt!.Value.Millisecond.Should().Be(345);
        NnetBytes.Sections(bytes).Select(s => s.Tag).Should().Equal("MODL", "PARM", "PARM", "clas", "feat", "task", "meta", "DONE");
    }

    [Fact]
    public void Read_ModelWithoutMetadata_HasEmptyMetadataAndNoOptionalSections()
    {
        byte[] bytes = NnetBytes.Serialize(NewModel());

        Sequential loaded = Read(bytes);

        loaded.Metadata.Should().Be(new ModelMetadata());
        NnetBytes.Sections(bytes).Select(s => s.Tag).Should().Equal("MODL", "PARM", "PARM", "DONE");
    }

    [Fact]
    public void Write_ClassNameCountDiffersFromOutputs_ThrowsAndWritesNothing()
    {
        Sequential model = NewModel();
        model.Metadata = new ModelMetadata { ClassNames = ["a", "b"] };
        using var stream = new MemoryStream();

        Action write = () => ModelFile.Write(model, stream);

        write.Should().Throw<InvalidOperationException>().WithMessage("*2 class names for 3 outputs*");
        stream.Length.Should().Be(0);
    }

    [Fact]
    public void Write_TwoClassNamesForOneSigmoidOutput_RoundTrips()
    {
        var model = new Sequential(new Dense(4, 1), new Sigmoid()) { Metadata = new ModelMetadata { ClassNames = ["benign", "malignant"] } };

        Read(NnetBytes.Serialize(model)).Metadata.ClassNames.Should().Equal("benign", "malignant");
    }

    [Fact]
    public void Write_FeatureNameCountDiffersFromInputs_Throws()
    {
        Sequential model = NewModel();
        model.Metadata = new ModelMetadata { FeatureNames = ["x"] };

        Action write = () => ModelFile.Write(model, new MemoryStream());

        write.Should().Throw<InvalidOperationException>().WithMessage("*1 feature names for 4 inputs*");
    }

    [Theory]
    [InlineData(65_537, "*65537 bytes*at most 65536*")]
    [InlineData(-1, "*lone surrogate*")]
    public void Write_NameTooLongOrNotUnicode_ThrowsNamingIt(int length, string message)
    {
        string name = length < 0 ? "bad \uD800 name" : new string('x', length);
        Sequential model = NewModel();
        model.Metadata = new ModelMetadata { ClassNames = ["a", name, "c"] };

        Action write = () => ModelFile.Write(model, new MemoryStream());

        write.Should().Throw<InvalidOperationException>().WithMessage("*ClassNames[1]*").WithMessage(message);
    }

    [Fact]
    public void Read_StringLongerThanTheLimit_IsRefused()
    {
        byte[] payload = [.. BitConverter.GetBytes(1u), .. BitConverter.GetBytes(70_000u), .. new byte[70_000]];

        Action read = () => Read(WithSection("feat", payload));

        read.Should().Throw<InvalidDataException>().WithMessage("*'feat'*70000 bytes*at most 65536*");
    }

    [Fact]
    public void Read_NameCountBeyondThePayload_IsRefusedBeforeAllocating()
    {
        Action read = () => Read(WithSection("clas", BitConverter.GetBytes(1_000_000u)));

        read.Should().Throw<InvalidDataException>().WithMessage("*'clas'*1000000 strings*");
    }

    [Fact]
    public void Read_InvalidUtf8_IsRefused()
    {
        Action read = () => Read(WithSection("clas", Strings("a"u8.ToArray(), [0xC3, 0x28], "c"u8.ToArray())));

        read.Should().Throw<InvalidDataException>().WithMessage("*'clas'*not valid UTF-8*");
    }

    [Fact]
    public void Read_ClassNamesNotMatchingTheNetwork_IsRefused()
    {
        Action read = () => Read(WithSection("clas", Strings("a"u8.ToArray(), "b"u8.ToArray())));

        read.Should().Throw<InvalidDataException>().WithMessage("*2 class names for 3 outputs*");
    }

    [Fact]
    public void Read_SameMetadataSectionTwice_IsRefused()
    {
        byte[] once = WithSection("task", [3]);
        byte[] twice = NnetBytes.InsertSection(once, index: 3, "task", [3]);

        Action read = () => Read(twice);

        read.Should().Throw<InvalidDataException>().WithMessage("*'task' twice*");
    }

    [Fact]
    public void Read_TaskCodeFromANewerVersion_ReadsAsUnspecified()
    {
        Read(WithSection("task", [9])).Metadata.Task.Should().Be(ModelTask.Unspecified);
        Read(WithSection("task", [4])).Metadata.Task.Should().Be(ModelTask.MultiLabelClassification);
    }

    [Fact]
    public void Read_MetricNamedTwice_IsRefused()
    {
        byte[] metric = [.. BitConverter.GetBytes(4u), .. "loss"u8, .. BitConverter.GetBytes(0.5)];
        byte[] payload = [0, .. BitConverter.GetBytes(2u), .. metric, .. metric];

        Action read = () => Read(WithSection("meta", payload));

        read.Should().Throw<InvalidDataException>().WithMessage("*'meta'*'loss' twice*");
    }

    [Fact]
    public void Read_DateOutsideTheCalendar_IsRefused()
    {
        byte[] date = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(date, long.MaxValue);
        byte[] payload = [1, .. date, .. BitConverter.GetBytes(0u)];

        Action read = () => Read(WithSection("meta", payload));

        read.Should().Throw<InvalidDataException>().WithMessage("*'meta'*date*");
    }

    [Fact]
    public void Read_TrailingBytesInASection_AreRefused()
    {
        Action read = () => Read(WithSection("task", [3, 0]));

        read.Should().Throw<InvalidDataException>().WithMessage("*'task'*1 bytes after its last field*");
    }
}
