using NeuralNet.Layers;

namespace NeuralNet.Tests.Layers;

public sealed class SequentialSummaryTests
{
    [Fact]
    public void Summary_ListsEachLayerWithOutputShapeAndParameterCounts()
    {
        var model = new Sequential(
            new Standardization([0f, 0f, 0f, 0f], [1f, 1f, 1f, 1f]),
            new Dense(4, 16, seed: 1), new ReLU(), new Dense(16, 3, seed: 2), new Softmax());

        string[] lines = model.Summary().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines[0].Should().MatchRegex(@"^#\s+layer\s+output shape\s+parameters$");
        lines[1].Should().MatchRegex(@"^0\s+Standardization\(4\)\s+\[batch, 4\]\s+8 \(not trained\)$");
        lines[2].Should().MatchRegex(@"^1\s+Dense\(4→16\)\s+\[batch, 16\]\s+80$");
        lines[3].Should().MatchRegex(@"^2\s+ReLU\s+\[batch, 16\]\s+0$");
        lines[4].Should().MatchRegex(@"^3\s+Dense\(16→3\)\s+\[batch, 3\]\s+51$");
        lines[5].Should().MatchRegex(@"^4\s+Softmax\s+\[batch, 3\]\s+0$");
        lines[6].Should().Be("trainable parameters: 131");
        lines[7].Should().Be("stored, not trained:  8");
        lines[8].Should().Be("total:                139 values, 556 bytes of float32");
        model.ParameterCount.Should().Be(131, "the summary's trainable count is the model's");
    }

    [Fact]
    public void Summary_OfActivationsBeforeAnyDenseLayer_ShowsAnUnknownWidth()
    {
        var model = new Sequential(new Sigmoid(), new Dense(3, 2, seed: 1));

        string[] lines = model.Summary().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines[1].Should().MatchRegex(@"^0\s+Sigmoid\s+\[batch, 3\]\s+0$", "the network's input width is the first Dense layer's");
        lines[2].Should().MatchRegex(@"^1\s+Dense\(3→2\)\s+\[batch, 2\]\s+8$");
    }

    [Fact]
    public void Summary_ColumnsAlign()
    {
        var model = new Sequential(new Dense(784, 256, seed: 1), new ReLU(), new Dense(256, 10, seed: 2), new Softmax());

        string[] lines = model.Summary().Split('\n', StringSplitOptions.RemoveEmptyEntries)[..5];

        lines.Select(l => l.IndexOf("[batch", StringComparison.Ordinal)).Skip(1).Distinct().Should().ContainSingle();
        lines[1].Should().EndWith("200,960");
    }
}
