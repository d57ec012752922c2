using NeuralNet.Layers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

/// <summary>
/// One data-driven suite over every activation layer: gradient checks at batch sizes 1 and > 1,
/// the shared state and shape errors of <see cref="Activation"/>, and buffer reuse.
/// </summary>
public sealed class ActivationTests
{
    public static TheoryData<string> Names => ["Sigmoid", "Tanh", "ReLU", "Softmax", "Identity", "LeakyReLU", "ELU", "GELU", "SiLU", "Softplus"];

    public static TheoryData<string, int> NamesAndBatches
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (string name in Names)
            {
                data.Add(name, 1);
                data.Add(name, 4);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(NamesAndBatches))]
    public void Backward_AnyBatchSize_MatchesFiniteDifferences(string name, int batch)
    {
        Layer layer = Create(name);
        // The inputs of ReLU, LeakyReLU and ELU stay at least 0.2 from their kink at 0, well beyond the step h = 1e-2.
        Tensor x = name is "ReLU" or "LeakyReLU" or "ELU"
            ? new Tensor(TestData.AwayFromZero(batch * 6, 0.2f, 3f, seed: batch), batch, 6)
            : TestData.Matrix(batch, 6, seed: batch, min: -3f, max: 3f);

        GradientCheck.AssertLayer(layer, x, seed: 10 + batch);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Backward_BeforeForward_ThrowsInvalidOperationException(string name)
    {
        Layer layer = Create(name);

        Action backward = () => layer.Backward(new Tensor(2, 3));

        backward.Should().Throw<InvalidOperationException>().WithMessage($"*{name}*Forward*");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Backward_WrongRows_ThrowsArgumentException(string name)
    {
        Layer layer = Create(name);
        layer.Forward(new Tensor(2, 3));

        Action backward = () => layer.Backward(new Tensor(3, 3));

        backward.Should().Throw<ArgumentException>().WithMessage("*2 rows*").WithParameterName("outputGradient");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Backward_WrongColumns_ThrowsArgumentException(string name)
    {
        Layer layer = Create(name);
        layer.Forward(new Tensor(2, 3));

        Action backward = () => layer.Backward(new Tensor(2, 4));

        backward.Should().Throw<ArgumentException>().WithMessage("*4 columns*3*").WithParameterName("outputGradient");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_Vector_ThrowsArgumentException(string name)
    {
        Layer layer = Create(name);

        Action forward = () => layer.Forward(new Tensor(3));

        forward.Should().Throw<ArgumentException>().WithParameterName("input");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_SameBatchSizeTwice_ReturnsTheSameBuffer(string name)
    {
        Layer layer = Create(name);

        Tensor first = layer.Forward(TestData.Matrix(3, 5, seed: 1));
        Tensor second = layer.Forward(TestData.Matrix(3, 5, seed: 2));
        Tensor firstGradient = layer.Backward(TestData.Matrix(3, 5, seed: 3));
        Tensor secondGradient = layer.Backward(TestData.Matrix(3, 5, seed: 4));

        second.Should().BeSameAs(first);
        secondGradient.Should().BeSameAs(firstGradient);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ForwardAndBackward_SmallerBatchAfterLarger_GiveTheValuesOfAFreshLayer(string name)
    {
        Layer reused = Create(name);
        Layer fresh = Create(name);
        reused.Forward(TestData.Matrix(9, 5, seed: 1));
        reused.Backward(TestData.Matrix(9, 5, seed: 2));
        Tensor x = TestData.Matrix(2, 5, seed: 3);
        Tensor dy = TestData.Matrix(2, 5, seed: 4);

        Tensor y = reused.Forward(x);
        float[] yValues = y.AsSpan().ToArray();
        Tensor dx = reused.Backward(dy);

        y.Shape.Should().Equal(2, 5);
        dx.Shape.Should().Equal(2, 5);
        yValues.Should().Equal(fresh.Forward(x).AsSpan().ToArray());
        dx.AsSpan().ToArray().Should().Equal(fresh.Backward(dy).AsSpan().ToArray());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Parameters_ActivationHasNone(string name) =>
        Create(name).Parameters.Should().BeEmpty();

    [Fact]
    public void Identity_Forward_CopiesIntoItsOwnBuffer()
    {
        var identity = new Identity();
        Tensor x = TestData.Matrix(2, 3, seed: 1);

        Tensor y = identity.Forward(x);

        y.Should().NotBeSameAs(x);
        y.AsSpan().ToArray().Should().Equal(x.AsSpan().ToArray());
    }

    [Fact]
    public void Softmax_ExtremeLogits_RowsAreFiniteProbabilities()
    {
        var x = new Tensor([1e4f, -1e4f, 0f, -1e4f, -1e4f, -1e4f, 88f, 89f, -88f], 3, 3);

        Tensor y = new Softmax().Forward(x);

        Approx.AssertAllFinite(y.AsSpan(), "softmax of extreme logits");
        for (int r = 0; r < 3; r++)
        {
            y.Row(r).ToArray().Sum().Should().BeApproximately(1f, 1e-6f, "row {0}", r);
        }

        y.Row(0).ToArray().Should().Equal(1f, 0f, 0f);
    }

    [Fact]
    public void Sigmoid_ExtremeInputs_SaturateWithFiniteGradient()
    {
        var sigmoid = new Sigmoid();
        var x = new Tensor([1e4f, -1e4f, 0f], 1, 3);

        Tensor y = sigmoid.Forward(x);
        Tensor dx = sigmoid.Backward(new Tensor([1f, 1f, 1f], 1, 3));

        y.AsSpan().ToArray().Should().Equal(1f, 0f, 0.5f);
        dx.AsSpan().ToArray().Should().Equal(0f, 0f, 0.25f);
    }

    private static Layer Create(string name) => name switch
    {
        "Sigmoid" => new Sigmoid(),
        "Tanh" => new Tanh(),
        "ReLU" => new ReLU(),
        "Softmax" => new Softmax(),
        "Identity" => new Identity(),
        "LeakyReLU" => new LeakyReLU(0.1f),
        "ELU" => new ELU(0.7f),
        "GELU" => new GELU(),
        "SiLU" => new SiLU(),
        // β = 1.5 with the default threshold 20: the inputs in [−3, 3] never reach the linear region (tested apart).
        "Softplus" => new Softplus(beta: 1.5f),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown activation."),
    };
}
