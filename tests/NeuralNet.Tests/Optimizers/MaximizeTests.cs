using NeuralNet.Optimizers;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Optimizers;

/// <summary><c>Maximize</c>: each optimizer steps as if the gradient were negated, and leaves the gradient itself alone.</summary>
public sealed class MaximizeTests
{
    public static TheoryData<string> Names => ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"];

    private static Optimizer Create(string name, bool maximize) => name switch
    {
        "sgd" => new Sgd(0.1f) { Maximize = maximize },
        "momentum" => new Momentum(0.1f) { Maximize = maximize },
        "nesterov" => new Nesterov(0.1f) { Maximize = maximize },
        "adagrad" => new Adagrad(0.1f) { Maximize = maximize },
        "rmsprop" => new RmsProp(0.01f) { Maximize = maximize },
        "adam" => new Adam(0.01f) { Maximize = maximize },
        _ => new AdamW(0.01f, weightDecay: 0.1f) { Maximize = maximize },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Maximize_StepsAsTheNegatedGradientWouldAndKeepsTheGradient(string name)
    {
        var climbing = new Parameter("a", new Tensor([0.5f, -1.5f, 2f], 3));
        var descending = new Parameter("b", new Tensor([0.5f, -1.5f, 2f], 3));
        Optimizer up = Create(name, maximize: true), down = Create(name, maximize: false);
        for (int step = 0; step < 3; step++)
        {
            float[] g = [0.3f * (step + 1), -0.7f, 0.2f];
            g.CopyTo(climbing.Gradient.AsSpan());
            g.Select(v => -v).ToArray().CopyTo(descending.Gradient.AsSpan());

            up.Step([climbing]);
            down.Step([descending]);

            climbing.Gradient.AsSpan().ToArray().Should().Equal(g, "the gradient is left as it was");
        }

        climbing.Value.AsSpan().ToArray().Should().Equal(descending.Value.AsSpan().ToArray());
    }
}
