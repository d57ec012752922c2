using Microsoft.ML.OnnxRuntime;
using NeuralNet.Layers;
using NeuralNet.Onnx.Tests.Support;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NeuralNet.Onnx.Tests;

/// <summary>What the exported file holds besides the numbers: names, shapes, metadata, determinism.</summary>
public sealed class OnnxExportTests
{
    [Theory]
    [MemberData(nameof(OnnxRuntimeAgreementTests.Models), MemberType = typeof(OnnxRuntimeAgreementTests))]
    public void ExportOnnx_SameModelTwice_GivesTheSameBytes(string name)
    {
        Sequential model = ExampleModels.Get(name).Build();

        byte[] first = Export(model), second = Export(model);

        second.Should().Equal(first);
    }

    [Fact]
    public void ExportOnnx_EqualModelsBuiltApart_GiveTheSameBytes()
    {
        Export(ExampleModels.Get("relu-softmax").Build()).Should().Equal(Export(ExampleModels.Get("relu-softmax").Build()));
    }

    [Fact]
    public void ExportOnnx_Classifier_HasADynamicBatchInputAndProbabilitiesAndLabelOutputs()
    {
        using OnnxRuntimeModel onnx = OnnxRuntimeModel.Export(ExampleModels.Get("relu-softmax").Build(), "relu-softmax");

        NodeMetadata input = onnx.Session.InputMetadata.Should().ContainSingle().Which.Value;
        onnx.Session.InputMetadata.Keys.Should().Equal(OnnxExport.InputName);
        input.ElementDataType.Should().Be(TensorElementType.Float);
        input.Dimensions.Should().Equal(-1, 10);
        input.SymbolicDimensions[0].Should().Be("batch");
        onnx.Session.OutputNames.Should().Equal(OnnxExport.ProbabilitiesName, OnnxExport.LabelName);
        onnx.Session.OutputMetadata[OnnxExport.ProbabilitiesName].Dimensions.Should().Equal(-1, 5);
        onnx.Session.OutputMetadata[OnnxExport.LabelName].ElementDataType.Should().Be(TensorElementType.Int64);
        onnx.Session.OutputMetadata[OnnxExport.LabelName].Dimensions.Should().Equal(-1);
    }

    [Theory]
    [InlineData("dense-regression")]
    [InlineData("stated-regression-sigmoid")]
    public void ExportOnnx_RegressionModel_HasOneOutputNamedOutput(string name)
    {
        using OnnxRuntimeModel onnx = OnnxRuntimeModel.Export(ExampleModels.Get(name).Build(), name);

        onnx.Session.OutputNames.Should().Equal(OnnxExport.OutputName);
        onnx.Session.ModelMetadata.CustomMetadataMap["task"].Should().Be("Regression");
    }

    [Fact]
    public void ExportOnnx_MultiLabelModel_LabelHasAColumnPerLabel()
    {
        using OnnxRuntimeModel onnx = OnnxRuntimeModel.Export(ExampleModels.Get("sigmoid-multilabel").Build(), "sigmoid-multilabel");

        onnx.Session.OutputMetadata[OnnxExport.LabelName].Dimensions.Should().Equal(-1, 4);
    }

    [Fact]
    public void ExportOnnx_StatedMultiLabelWithOneSigmoidOutput_KeepsTheLabelAColumn()
    {
        var model = new Sequential(new Dense(3, 1, seed: 1), new Sigmoid()) { Metadata = new Layers.ModelMetadata { Task = ModelTask.MultiLabelClassification } };

        using OnnxRuntimeModel onnx = OnnxRuntimeModel.Export(model, "one-label");

        onnx.Session.OutputMetadata[OnnxExport.LabelName].Dimensions.Should().Equal(-1, 1);
        onnx.Session.ModelMetadata.CustomMetadataMap["task"].Should().Be("MultiLabelClassification");
    }

    [Fact]
    public void ExportOnnx_Metadata_GoesIntoMetadataPropsWithTheProducer()
    {
        using OnnxRuntimeModel onnx = OnnxRuntimeModel.Export(ExampleModels.Get("sigmoid-multilabel").Build(), "sigmoid-multilabel");

        Microsoft.ML.OnnxRuntime.ModelMetadata metadata = onnx.Session.ModelMetadata;
        metadata.ProducerName.Should().Be("NeuralNet");
        metadata.CustomMetadataMap.Should().Equal(new Dictionary<string, string>
        {
            ["task"] = "MultiLabelClassification",
            ["class_names"] = """["red","green","blue","ünïcode"]""",
            ["feature_names"] = """["a","b","c","d","e","f","g"]""",
        });
    }

    [Fact]
    public void ExportOnnx_ModelProto_StatesIrVersionOpsetAndTheLibrarysVersion()
    {
        // ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, opset_import = 8 (domain = 1, version = 2).
        byte[] onnx = Export(ExampleModels.Get("relu-softmax").Build());
        string libraryVersion = typeof(Sequential).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), inherit: false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;

        ProtobufFields.Varint(onnx, 1).Should().Be(8);
        ProtobufFields.String(onnx, 2).Should().Be("NeuralNet");
        ProtobufFields.String(onnx, 3).Should().Be(libraryVersion).And.NotBeEmpty();
        byte[] opset = ProtobufFields.Message(onnx, 8);
        ProtobufFields.String(opset, 1).Should().BeEmpty();
        ProtobufFields.Varint(opset, 2).Should().Be(17);
    }

    [Fact]
    public void ExportOnnx_NamesNeedingEscapes_AreValidJson()
    {
        Sequential model = new(new Dense(2, 2, seed: 1), new Softmax())
        {
            Metadata = new Layers.ModelMetadata { ClassNames = ["say \"hi\"", "back\\slash\nnewline"] },
        };
        using OnnxRuntimeModel onnx = OnnxRuntimeModel.Export(model, "escapes");

        string json = onnx.Session.ModelMetadata.CustomMetadataMap["class_names"];

        System.Text.Json.JsonSerializer.Deserialize<string[]>(json).Should().Equal("say \"hi\"", "back\\slash\nnewline");
    }

    [Fact]
    public void ExportOnnx_ToAPath_WritesTheStreamBytesAndLeavesNoTemporaryFile()
    {
        Sequential model = ExampleModels.Get("tanh-binary").Build();
        string folder = Directory.CreateTempSubdirectory("neuralnet-onnx-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.onnx");
            model.ExportOnnx(path);
            model.ExportOnnx(path); // replaces

            File.ReadAllBytes(path).Should().Equal(Export(model));
            Directory.GetFiles(folder).Should().Equal(path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ExportOnnx_ToAStream_LeavesItOpenAfterTheModel()
    {
        using var stream = new MemoryStream();
        stream.Write([1, 2, 3]);

        ExampleModels.Get("dense-regression").Build().ExportOnnx(stream);

        stream.CanWrite.Should().BeTrue();
        stream.ToArray()[3..].Should().Equal(Export(ExampleModels.Get("dense-regression").Build()));
    }

    internal static byte[] Export(Sequential model)
    {
        using var stream = new MemoryStream();
        model.ExportOnnx(stream);
        return stream.ToArray();
    }
}
