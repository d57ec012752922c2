using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary><see cref="ModelEvaluation.Accuracy"/> counts decisions of classifiers only.</summary>
public sealed class AccuracyTests
{
    [Theory]
    [InlineData("Identity")]
    [InlineData("Tanh")]
    [InlineData("ReLU")]
    public void Accuracy_OutputIsNotSoftmaxOrSigmoid_ThrowsNamingTheOutputLayer(string output)
    {
        Layer last = output switch
        {
            "Identity" => new Identity(),
            "Tanh" => new Tanh(),
            _ => new ReLU(),
        };
        var model = new Sequential(new Dense(4, 8, seed: 1), new Tanh(), new Dense(8, 1, seed: 2), last);
        var data = new Dataset(TestData.Matrix(6, 4, seed: 1), TestData.Matrix(6, 1, seed: 2));

        Action act = () => model.Accuracy(data);

        act.Should().ThrowExactly<InvalidOperationException>().WithMessage($"Accuracy needs a classifier*{output}*regression*");
    }

    [Fact]
    public void Accuracy_SigmoidOutput_CountsThresholdedDecisions()
    {
        var model = new Sequential(new Dense(4, 1, seed: 3), new Sigmoid());
        Tensor x = TestData.Matrix(40, 4, seed: 4);
        float[] p = model.Predict(x).AsSpan().ToArray();
        var binary = new Dataset(x, new Tensor([.. Enumerable.Range(0, 40).Select(i => (float)(i % 2))], 40, 1));
        int expected = Enumerable.Range(0, 40).Count(i => (p[i] >= 0.5f) == (i % 2 == 1));

        model.Accuracy(binary).Should().Be(expected / 40f);
    }
}
