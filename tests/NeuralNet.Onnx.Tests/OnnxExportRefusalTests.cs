using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Onnx.Tests;

/// <summary>Models and arguments export refuses, each with an exception that names the problem, writing nothing.</summary>
public sealed class OnnxExportRefusalTests
{
    private static Sequential Classifier() => new(new Dense(3, 4, seed: 1), new ReLU(), new Dense(4, 2, seed: 2), new Softmax());

    [Fact]
    public void ExportOnnx_NullArguments_Throw()
    {
        Sequential model = Classifier();

        FluentActions.Invoking(() => OnnxExport.ExportOnnx(null!, "model.onnx")).Should().Throw<ArgumentNullException>().WithParameterName("model");
        FluentActions.Invoking(() => OnnxExport.ExportOnnx(null!, Stream.Null)).Should().Throw<ArgumentNullException>().WithParameterName("model");
        FluentActions.Invoking(() => model.ExportOnnx((string)null!)).Should().Throw<ArgumentNullException>().WithParameterName("path");
        FluentActions.Invoking(() => model.ExportOnnx((Stream)null!)).Should().Throw<ArgumentNullException>().WithParameterName("stream");
        FluentActions.Invoking(() => model.ExportOnnx(" ")).Should().Throw<ArgumentException>().WithParameterName("path");
    }

    [Fact]
    public void ExportOnnx_ReadOnlyStream_Throws()
    {
        using var readOnly = new MemoryStream(new byte[16], writable: false);

        FluentActions.Invoking(() => Classifier().ExportOnnx(readOnly)).Should().Throw<ArgumentException>().WithParameterName("stream");
    }

    [Fact]
    public void ExportOnnx_LayerKindWithoutOnnxForm_ThrowsNotSupportedNamingItAndWritesNothing()
    {
        var model = new Sequential(new Dense(3, 4, seed: 1), new Doubling(), new Dense(4, 2, seed: 2), new Softmax());
        using var stream = new MemoryStream();

        FluentActions.Invoking(() => model.ExportOnnx(stream)).Should().Throw<NotSupportedException>()
            .WithMessage("*Doubling*position 1*");
        stream.Length.Should().Be(0);
    }

    [Fact]
    public void ExportOnnx_RefusedModelToAPath_LeavesTheOldFileAlone()
    {
        string folder = Directory.CreateTempSubdirectory("neuralnet-onnx-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.onnx");
            File.WriteAllText(path, "old");

            FluentActions.Invoking(() => new Sequential(new Dense(2, 2, seed: 1), new Doubling()).ExportOnnx(path)).Should().Throw<NotSupportedException>();

            File.ReadAllText(path).Should().Be("old");
            Directory.GetFiles(folder).Should().Equal(path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ExportOnnx_NoLayerFixingTheWidth_ThrowsNotSupported()
    {
        FluentActions.Invoking(() => new Sequential(new ReLU(), new Softmax()).ExportOnnx(Stream.Null)).Should().Throw<NotSupportedException>()
            .WithMessage("*input and output widths*");
    }

    [Fact]
    public void ExportOnnx_NonFiniteWeight_ThrowsNamingLayerParameterAndIndex()
    {
        Sequential model = Classifier();
        ((Dense)model.Layers[2]).Bias.Value[1] = float.NaN;

        FluentActions.Invoking(() => model.ExportOnnx(Stream.Null)).Should().Throw<InvalidOperationException>()
            .WithMessage("Dense(4→2) (layer 2) has NaN in bias[1]*");
    }

    [Fact]
    public void ExportOnnx_TaskTheOutputLayerCannotGive_Throws()
    {
        Sequential model = Classifier();
        model.Metadata = new ModelMetadata { Task = ModelTask.BinaryClassification };

        FluentActions.Invoking(() => model.ExportOnnx(Stream.Null)).Should().Throw<InvalidOperationException>()
            .WithMessage("*BinaryClassification*Softmax*MultiClassClassification*");
    }

    [Fact]
    public void ExportOnnx_ClassNameCountNotFittingTheOutputs_Throws()
    {
        Sequential model = Classifier();
        model.Metadata = new ModelMetadata { ClassNames = ["a", "b", "c"] };

        FluentActions.Invoking(() => model.ExportOnnx(Stream.Null)).Should().Throw<InvalidOperationException>()
            .WithMessage("*3 names for 2 outputs*");
    }

    [Fact]
    public void ExportOnnx_FeatureNameCountNotFittingTheInputs_Throws()
    {
        Sequential model = Classifier();
        model.Metadata = new ModelMetadata { FeatureNames = ["x"] };

        FluentActions.Invoking(() => model.ExportOnnx(Stream.Null)).Should().Throw<InvalidOperationException>()
            .WithMessage("*1 names for 3 inputs*");
    }

    [Fact]
    public void ExportOnnx_NameWithALoneSurrogate_Throws()
    {
        Sequential model = Classifier();
        model.Metadata = new ModelMetadata { ClassNames = ["ok", "bad\uD800"] };

        FluentActions.Invoking(() => model.ExportOnnx(Stream.Null)).Should().Throw<InvalidOperationException>()
            .WithMessage("Metadata.ClassNames[1] is not valid Unicode*");
    }

    /// <summary>y = 2x: a layer defined outside the library, which export cannot know.</summary>
    private sealed class Doubling : Layer
    {
        private Tensor _output = new(0, 0);

        protected override Tensor ForwardCore(Tensor input)
        {
            _output = new Tensor(input.Rows, input.Columns);
            for (int i = 0; i < input.Length; i++)
            {
                _output[i] = 2 * input[i];
            }

            return _output;
        }

        protected override Tensor? BackwardCore(Tensor outputGradient, bool computeInputGradient) => null;
    }
}
