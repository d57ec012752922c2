using NeuralNet.Layers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

/// <summary>
/// What a network does besides chaining layers: running a dense layer and the ReLU after it as one
/// product, and the small contracts around it (inputs, sizes, derived seeds).
/// </summary>
public sealed class SequentialFusionTests
{
    [Fact]
    public void Forward_DenseThenRelu_RunsAsOneProductThatTheReluAdopts()
    {
        // The dense layer's own buffer: unfused it holds x·W + b (with negatives); fused, the
        // product's tiles get the ReLU before they are stored, so it holds only values ≥ 0.
        var dense = new Dense(6, 40, seed: 3);
        var network = new Sequential(dense, new ReLU(), new Dense(40, 2, seed: 4), new Softmax());
        Tensor input = TestData.Matrix(5, 6, seed: 5);
        Tensor buffer = dense.Forward(input);
        buffer.AsSpan().ToArray().Should().Contain(v => v < 0f, "the unfused product has negative entries");

        network.Forward(input);

        buffer.AsSpan().ToArray().Should().OnlyContain(v => v >= 0f, "the fused pair wrote the ReLU's values into it");
    }

    [Fact]
    public void Forward_NullInput_ThrowsArgumentNullException()
    {
        var network = new Sequential(new Dense(2, 2, seed: 1), new Sigmoid());

        Action act = () => network.Forward(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Sizes_NoDenseLayer_AreUnknown()
    {
        var network = new Sequential(new Sigmoid());

        network.InputSize.Should().BeNull();
        network.OutputSize.Should().BeNull();
    }

    [Fact]
    public void InitializeWeights_Seed_GivesEachDenseLayerTheDocumentedDerivedSeed()
    {
        // Layer k (counting dense layers only) is drawn with seed·31 + k, so equal shapes differ.
        var first = new Dense(3, 3, seed: 100);
        var second = new Dense(3, 3, seed: 200);
        var network = new Sequential(first, new Tanh(), second);

        network.InitializeWeights(7);

        first.Weight.Value.AsSpan().ToArray().Should().Equal(new Dense(3, 3, seed: (7 * 31) + 0).Weight.Value.AsSpan().ToArray());
        second.Weight.Value.AsSpan().ToArray().Should().Equal(new Dense(3, 3, seed: (7 * 31) + 1).Weight.Value.AsSpan().ToArray());
        first.Weight.Value.AsSpan().ToArray().Should().NotEqual(second.Weight.Value.AsSpan().ToArray());
    }
}
