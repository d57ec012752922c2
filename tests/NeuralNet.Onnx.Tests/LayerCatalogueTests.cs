using NeuralNet.Layers;
using NeuralNet.Onnx.Tests.Support;

namespace NeuralNet.Onnx.Tests;

/// <summary>A layer kind added to the library without an example model here — and so without a checked export — fails this test.</summary>
public sealed class LayerCatalogueTests
{
    [Fact]
    public void ExampleModels_CoverEveryPublicLayerKindOfTheLibrary()
    {
        Type[] catalogue =
        [
            .. typeof(Layer).Assembly.GetExportedTypes()
                .Where(t => t.IsClass && !t.IsAbstract && t.IsSubclassOf(typeof(Layer)) && t != typeof(Sequential)),
        ];
        HashSet<Type> covered = [.. ExampleModels.All.SelectMany(m => m.Build().Layers).Select(layer => layer.GetType())];

        catalogue.Should().Contain([typeof(Dense), typeof(Standardization), typeof(ReLU), typeof(Sigmoid), typeof(Tanh), typeof(Softmax), typeof(Identity)],
            "the reflection must find the layer kinds known today");
        catalogue.Where(kind => !covered.Contains(kind)).Select(kind => kind.FullName).Should().BeEmpty(
            "every layer kind needs an example model in ExampleModels, exported and checked against ONNX Runtime");
    }
}
