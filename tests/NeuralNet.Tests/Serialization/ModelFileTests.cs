using NeuralNet.Layers;
using NeuralNet.Serialization;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Serialization;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nnet-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Sequential NewModel() => new(
        new Dense(4, 5, seed: 3), new Tanh(), new Dense(5, 6, WeightInitialization.He, seed: 4), new ReLU(),
        new Dense(6, 3, seed: 5), new Softmax());

    private static Tensor Input()
    {
        var x = new Tensor(7, 4);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = MathF.Sin(i * 0.7f);
        }

        return x;
    }

    [Fact]
    public void SaveThenLoad_AnyNetwork_GivesBitIdenticalOutputs()
    {
        Sequential model = NewModel();
        string path = Path.Combine(_directory, "model.nnet");

        model.Save(path);
        Sequential loaded = ModelFile.Load(path);

        loaded.Layers.Select(l => l.Name).Should().Equal(model.Layers.Select(l => l.Name));
        loaded.Predict(Input()).AsSpan().ToArray().Should().Equal(model.Predict(Input()).AsSpan().ToArray());
    }

    [Fact]
    public void Read_TruncatedFile_ThrowsInvalidDataException()
    {
        byte[] bytes = Serialize(NewModel());

        for (int length = 0; length < bytes.Length; length += 7)
        {
            Action read = () => ModelFile.Read(new MemoryStream(bytes, 0, length));
            read.Should().Throw<InvalidDataException>($"a file cut to {length} of {bytes.Length} bytes is incomplete");
        }
    }

    [Fact]
    public void Read_OneFlippedByte_ThrowsInvalidDataExceptionNamingTheChecksum()
    {
        byte[] bytes = Serialize(NewModel());
        bytes[bytes.Length / 2] ^= 0x10;

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage("*checksum*");
    }

    [Fact]
    public void Read_NotAModelFile_ThrowsInvalidDataExceptionNamingTheSignature()
    {
        byte[] bytes = "PK\u0003\u0004 this is a zip file, not a model"u8.ToArray();

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage("*NNET*");
    }

    [Fact]
    public void Save_UnsupportedLayer_KeepsTheExistingFileAndLeavesNoTemporary()
    {
        string path = Path.Combine(_directory, "model.nnet");
        NewModel().Save(path);
        byte[] before = File.ReadAllBytes(path);
        var unsupported = new Sequential(new Dense(4, 3), new CustomLayer());

        Action save = () => unsupported.Save(path);

        save.Should().Throw<NotSupportedException>().WithMessage("*CustomLayer*");
        File.ReadAllBytes(path).Should().Equal(before);
        Directory.GetFiles(_directory).Should().ContainSingle();
    }

    [Fact]
    public void Save_ExistingFile_ReplacesIt()
    {
        string path = Path.Combine(_directory, "model.nnet");
        NewModel().Save(path);
        var other = new Sequential(new Dense(4, 2, seed: 9), new Sigmoid());

        other.Save(path);

        File.ReadAllBytes(path).Should().Equal(Serialize(other));
        Directory.GetFiles(_directory).Should().ContainSingle("the temporary file was moved into place");
    }

    [Fact]
    public void Save_NullModel_ThrowsBeforeTouchingTheDisk()
    {
        // The folder does not exist: a save that opened its temporary file first would fail on that instead.
        string path = Path.Combine(_directory, "missing", "model.nnet");

        Action save = () => ModelFile.Save(null!, path);

        save.Should().ThrowExactly<ArgumentNullException>().WithParameterName("model");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void SaveAndLoad_BlankPath_ThrowArgumentExceptionNamingPath(string path)
    {
        Action save = () => NewModel().Save(path);
        Action load = () => ModelFile.Load(path);

        save.Should().ThrowExactly<ArgumentException>().WithParameterName(nameof(path));
        load.Should().ThrowExactly<ArgumentException>().WithParameterName(nameof(path));
    }

    [Fact]
    public void WriteAndRead_NullArguments_ThrowArgumentNullException()
    {
        using var stream = new MemoryStream();

        Action writeNullModel = () => ModelFile.Write(null!, stream);
        Action writeNullStream = () => ModelFile.Write(NewModel(), null!);
        Action readNullStream = () => ModelFile.Read(null!);

        writeNullModel.Should().ThrowExactly<ArgumentNullException>().WithParameterName("model");
        writeNullStream.Should().ThrowExactly<ArgumentNullException>().WithParameterName("stream");
        readNullStream.Should().ThrowExactly<ArgumentNullException>().WithParameterName("stream");
        stream.Length.Should().Be(0);
    }

    private static byte[] Serialize(Sequential model)
    {
        using var stream = new MemoryStream();
        ModelFile.Write(model, stream);
        return stream.ToArray();
    }

    private sealed class CustomLayer : Activation
    {
        protected override void Apply(Tensor input, Tensor output) => input.AsSpan().CopyTo(output.AsSpan());

        protected override void Derive(Tensor output, Tensor outputGradient, Tensor inputGradient) =>
            outputGradient.AsSpan().CopyTo(inputGradient.AsSpan());
    }
}
