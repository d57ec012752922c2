using System.Runtime.InteropServices;
using NeuralNet.Layers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

public sealed class SequentialTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Backward_DenseTanhDenseSoftmax_MatchesFiniteDifferences(int batch)
    {
        Sequential network = Classifier(seed: 1);
        // Non-zero biases, so that their gradients flow through non-trivial activations.
        foreach (Dense dense in network.Layers.OfType<Dense>())
        {
            TestData.Uniform(dense.Outputs, -0.5f, 0.5f, seed: dense.Outputs).CopyTo(dense.Bias.Value.AsSpan());
        }

        GradientCheck.AssertNetwork(network, TestData.Matrix(batch, 4, seed: batch), seed: 20 + batch);
    }

    [Fact]
    public void Forward_ChainsTheLayersInOrder()
    {
        Sequential network = Classifier(seed: 2);
        Sequential twin = Classifier(seed: 2);
        Tensor x = TestData.Matrix(3, 4, seed: 1);

        float[] expected = x.Clone().AsSpan().ToArray();
        Tensor h = new Tensor(expected, 3, 4);
        foreach (Layer layer in twin.Layers)
        {
            h = layer.Forward(h);
        }

        network.Forward(x).AsSpan().ToArray().Should().Equal(h.AsSpan().ToArray());
    }

    [Fact]
    public void Backward_Twice_AccumulatesAndZeroGradientsClears()
    {
        Sequential network = Classifier(seed: 3);
        network.Forward(TestData.Matrix(2, 4, seed: 1));
        Tensor dy = TestData.Matrix(2, 3, seed: 2);
        network.Backward(dy);
        float[][] once = [.. network.Parameters.Select(p => p.Gradient.AsSpan().ToArray())];

        network.Backward(dy);

        for (int i = 0; i < once.Length; i++)
        {
            // Not bit-exact: bias gradients add row by row onto the previous sum, (g + r₀) + r₁ ≠ 2g in float.
            Approx.AssertClose(network.Parameters[i].Gradient.AsSpan(), [.. once[i].Select(g => 2 * g)], 1e-6, 1e-6, $"parameter {i}");
        }

        network.ZeroGradients();
        network.Parameters.Should().AllSatisfy(p => p.Gradient.AsSpan().ToArray().Should().AllBeEquivalentTo(0f));
    }

    /// <summary>
    /// A dense layer followed by a ReLU runs fused inside a network (bias and ReLU applied in the
    /// product's epilogue); the outputs and every gradient must be the same bits as running the
    /// same layers one by one, which never fuses.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    public void ForwardAndBackward_DenseReluPairs_SameBitsAsLayerByLayer(int batch)
    {
        Sequential network = ReluClassifier(seed: 4);
        Sequential twin = ReluClassifier(seed: 4);
        Tensor x = TestData.Matrix(batch, 30, seed: 5);
        Tensor dy = TestData.Matrix(batch, 3, seed: 6);

        Tensor output = network.Forward(x);
        network.Backward(dy);
        Tensor h = x;
        foreach (Layer layer in twin.Layers)
        {
            h = layer.Forward(h);
        }

        Tensor g = dy;
        for (int i = twin.Layers.Count - 1; i >= 0; i--)
        {
            g = twin.Layers[i].Backward(g);
        }

        Bits(output).Should().Equal(Bits(h));
        for (int i = 0; i < network.Parameters.Count; i++)
        {
            Bits(network.Parameters[i].Gradient).Should().Equal(Bits(twin.Parameters[i].Gradient), $"parameter {i}");
        }
    }

    [Fact]
    public void Forward_ReluOfAFusedPairCalledAlone_LeavesTheDenseOutputIntact()
    {
        Sequential network = ReluClassifier(seed: 7);
        var dense = (Dense)network.Layers[0];
        var relu = (ReLU)network.Layers[1];
        Tensor input = TestData.Matrix(4, 30, seed: 8);
        Tensor denseOutput = dense.Forward(input); // the dense layer's buffer, which the fused pair writes and the ReLU adopts
        network.Forward(input);
        float[] fused = denseOutput.AsSpan().ToArray();

        Tensor alone = relu.Forward(TestData.Matrix(4, 20, seed: 10));

        alone.Should().NotBeSameAs(denseOutput, "a ReLU called on its own writes its own buffer");
        denseOutput.AsSpan().ToArray().Should().Equal(fused, "the fused pair's output, which the ReLU's backward pass reads, is untouched");
    }

    [Fact]
    public void Backward_BeforeForward_ThrowsInvalidOperationException()
    {
        Sequential network = Classifier(seed: 1);

        Action backward = () => network.Backward(new Tensor(1, 3));

        backward.Should().Throw<InvalidOperationException>();
    }

    [Theory]
    [InlineData(2, 3)] // wrong rows
    [InlineData(1, 4)] // wrong columns
    public void Backward_WrongShapedGradient_ThrowsArgumentException(int rows, int columns)
    {
        Sequential network = Classifier(seed: 1);
        network.Forward(new Tensor(1, 4));

        Action backward = () => network.Backward(new Tensor(rows, columns));

        backward.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Forward_WrongInputColumns_ThrowsNamingBothNumbers()
    {
        Sequential network = Classifier(seed: 1);

        Action forward = () => network.Forward(new Tensor(2, 7));

        forward.Should().Throw<ArgumentException>().WithMessage("*7*4*");
    }

    [Fact]
    public void Constructor_MismatchedConsecutiveDenseLayers_ThrowsNamingTheLayerAndSizes()
    {
        Action create = () => _ = new Sequential(new Dense(4, 5), new Tanh(), new Dense(6, 3));

        create.Should().Throw<ArgumentException>().WithMessage("*layers[2]*Dense(6→3)*5*").WithParameterName("layers");
    }

    [Fact]
    public void Constructor_NoLayers_ThrowsArgumentException()
    {
        Action create = () => _ = new Sequential();

        create.Should().Throw<ArgumentException>().WithMessage("*at least one layer*").WithParameterName("layers");
    }

    [Fact]
    public void Constructor_NullLayerArray_ThrowsArgumentNullException()
    {
        Action create = () => _ = new Sequential(null!);

        create.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Constructor_NullLayer_ThrowsNamingItsPosition()
    {
        Action create = () => _ = new Sequential(new Dense(2, 2), null!);

        create.Should().Throw<ArgumentException>().WithMessage("*layers[1]*null*");
    }

    [Fact]
    public void Constructor_SameLayerTwice_ThrowsArgumentException()
    {
        var tanh = new Tanh();

        Action create = () => _ = new Sequential(new Dense(2, 2), tanh, new Dense(2, 2), tanh);

        create.Should().Throw<ArgumentException>().WithMessage("*twice*");
    }

    [Fact]
    public void Properties_DescribeTheNetwork()
    {
        Sequential network = Classifier(seed: 1);

        network.InputSize.Should().Be(4);
        network.OutputSize.Should().Be(3);
        network.Parameters.Should().HaveCount(4);
        network.ParameterCount.Should().Be((4 * 5) + 5 + (5 * 3) + 3);
        network.OutputLayer.Should().BeOfType<Softmax>();
        network.ToString().Should().Be("Sequential(Dense(4→5), Tanh, Dense(5→3), Softmax)");
    }

    [Fact]
    public void InitializeWeights_SameSeed_GivesBitIdenticalWeights()
    {
        Sequential first = Classifier(seed: 0);
        Sequential second = Classifier(seed: 99);

        first.InitializeWeights(5);
        second.InitializeWeights(5);

        for (int i = 0; i < first.Parameters.Count; i++)
        {
            Bits(first.Parameters[i].Value).Should().Equal(Bits(second.Parameters[i].Value), "parameter {0}", i);
        }
    }

    [Fact]
    public void Forward_SmallerBatchAfterLarger_GivesTheValuesOfAFreshNetwork()
    {
        Sequential reused = Classifier(seed: 4);
        Sequential fresh = Classifier(seed: 4);
        reused.Forward(TestData.Matrix(10, 4, seed: 1));
        Tensor x = TestData.Matrix(3, 4, seed: 2);

        Tensor y = reused.Forward(x);

        y.Shape.Should().Equal(3, 3);
        y.AsSpan().ToArray().Should().Equal(fresh.Forward(x).AsSpan().ToArray());
    }

    [Fact]
    public void Predict_MoreRowsThanOneChunk_MatchesForward()
    {
        Sequential network = Classifier(seed: 5);
        Tensor x = TestData.Matrix(2500, 4, seed: 3);

        Tensor predicted = network.Predict(x);
        float[] expected = network.Forward(x).AsSpan().ToArray();

        predicted.Shape.Should().Equal(2500, 3);
        predicted.AsSpan().ToArray().Should().Equal(expected);
    }

    private static Sequential Classifier(int seed) =>
        new(new Dense(4, 5, seed: seed), new Tanh(), new Dense(5, 3, seed: seed), new Softmax());

    // Two fused pairs, then a dense + softmax output layer; non-zero biases so that the epilogue adds something.
    private static Sequential ReluClassifier(int seed)
    {
        var network = new Sequential(
            new Dense(30, 20, WeightInitialization.He, seed), new ReLU(),
            new Dense(20, 16, WeightInitialization.He, seed + 1), new ReLU(),
            new Dense(16, 3, seed: seed + 2), new Softmax());
        foreach (Dense dense in network.Layers.OfType<Dense>())
        {
            TestData.Uniform(dense.Outputs, -0.5f, 0.5f, seed: dense.Outputs).CopyTo(dense.Bias.Value.AsSpan());
        }

        return network;
    }

    private static int[] Bits(Tensor tensor) => MemoryMarshal.Cast<float, int>(tensor.AsSpan()).ToArray();
}
