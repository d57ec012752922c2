using NeuralNet.Layers;
using NeuralNet.Onnx.Tests.Support;
using NeuralNet.Tensors;

namespace NeuralNet.Onnx.Tests;

/// <summary>
/// The label output decides exact ties as the library does. Random inputs almost never land on a
/// tie, so these models are built to: zero weights make every logit the bias, σ(0) = 0.5 exactly.
/// </summary>
public sealed class OnnxLabelTieTests
{
    [Fact]
    public void Label_BinaryProbabilityExactlyHalf_IsClassOneAsPredictClass()
    {
        Sequential model = Zeroed(new Sequential(new Dense(3, 1, seed: 1), new Sigmoid()));
        Tensor x = new([1f, -2f, 3f], 1, 3);

        using OnnxRuntimeModel onnx = OnnxRuntimeModel.Export(model, "binary-tie");
        var outputs = onnx.Run(x);

        model.PredictClass(x)[0].Index.Should().Be(1);
        outputs[OnnxExport.ProbabilitiesName].Values.Should().Equal(0.5);
        outputs[OnnxExport.LabelName].Values.Should().Equal(1);
    }

    [Fact]
    public void Label_MultiLabelProbabilityExactlyHalf_IsOne()
    {
        Sequential model = Zeroed(new Sequential(new Dense(3, 2, seed: 1), new Sigmoid()));
        ((Dense)model.Layers[0]).Bias.Value[1] = -1;

        using OnnxRuntimeModel onnx = OnnxRuntimeModel.Export(model, "multilabel-tie");

        onnx.Run(new Tensor([1f, 2f, 3f], 1, 3))[OnnxExport.LabelName].Values.Should().Equal(1, 0);
    }

    [Fact]
    public void Label_SoftmaxTieBetweenTwoClasses_IsTheFirstAsPredictClass()
    {
        Sequential model = Zeroed(new Sequential(new Dense(3, 4, seed: 1), new Softmax()));
        Span<float> bias = ((Dense)model.Layers[0]).Bias.Value.AsSpan();
        bias[1] = bias[3] = 2;
        Tensor x = new([1f, 2f, 3f], 1, 3);

        using OnnxRuntimeModel onnx = OnnxRuntimeModel.Export(model, "softmax-tie");

        model.PredictClass(x)[0].Index.Should().Be(1);
        onnx.Run(x)[OnnxExport.LabelName].Values.Should().Equal(1);
    }

    private static Sequential Zeroed(Sequential model)
    {
        foreach (Dense dense in model.Layers.OfType<Dense>())
        {
            dense.Weight.Value.Clear();
            dense.Bias.Value.Clear();
        }

        return model;
    }
}
