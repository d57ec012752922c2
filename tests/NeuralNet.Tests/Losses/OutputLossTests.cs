using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Losses;

/// <summary>The loss attached to a network's output: which pairs it fuses, and what the fused form computes.</summary>
public sealed class OutputLossTests
{
    private static Sequential Network(Layer output, int outputs = 3) =>
        new(new Dense(4, 5, seed: 1), new Tanh(), new Dense(5, outputs, seed: 2), output);

    public static TheoryData<string, bool> Pairs => new()
    {
        { "softmax+cce", true },
        { "sigmoid+bce", true },
        { "softmax+mse", false },
        { "sigmoid+mse", false },
        { "identity+mse", false },
        { "relu+mse", false },
    };

    private static (Sequential Model, Loss Loss) Pair(string name) => name switch
    {
        "softmax+cce" => (Network(new Softmax()), new CategoricalCrossEntropy()),
        "sigmoid+bce" => (Network(new Sigmoid()), new BinaryCrossEntropy()),
        "softmax+mse" => (Network(new Softmax()), new MeanSquaredError()),
        "sigmoid+mse" => (Network(new Sigmoid()), new MeanSquaredError()),
        "identity+mse" => (Network(new Identity()), new MeanSquaredError()),
        _ => (Network(new ReLU()), new MeanSquaredError()),
    };

    private static Tensor Targets(int rows, int columns)
    {
        var targets = new Tensor(rows, columns);
        for (int r = 0; r < rows; r++)
        {
            targets[r, r % columns] = 1f;
        }

        return targets;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Constructor_Pair_FusesOnlySoftmaxWithCceAndSigmoidWithBce(string pair, bool fused)
    {
        (Sequential model, Loss loss) = Pair(pair);

        new OutputLoss(model, loss).IsFused.Should().Be(fused);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void ForwardComputeBackward_AnyPair_SameLossAndGradientsAsThePlainPath(string pair, bool fused)
    {
        // Moderate logits: the fused form and the plain loss through the activation agree to rounding.
        (Sequential model, Loss loss) = Pair(pair);
        var objective = new OutputLoss(model, loss);
        Tensor x = TestData.Matrix(6, 4, seed: 3), targets = Targets(6, 3);

        Tensor output = model.Forward(x);
        float plainLoss = loss.Compute(output, targets);
        var gradient = new Tensor(6, 3);
        loss.Gradient(output, targets, gradient);
        model.ZeroGradients();
        model.Backward(gradient);
        float[][] plain = [.. model.Parameters.Select(p => p.Gradient.AsSpan().ToArray())];

        output = objective.Forward(x);
        float objectiveLoss = objective.Compute(output, targets);
        model.ZeroGradients();
        objective.Backward(output, targets);

        Approx.AssertClose([objectiveLoss], [plainLoss], 1e-6, 1e-5, $"{pair} loss (fused: {fused})");
        for (int i = 0; i < plain.Length; i++)
        {
            Approx.AssertClose(model.Parameters[i].Gradient.AsSpan(), plain[i], 1e-6, 1e-4, $"{pair} parameter {i}");
        }
    }

    [Fact]
    public void Backward_SoftmaxWithCce_StartsBelowTheSoftmaxWithOutputMinusTargetOverRows()
    {
        var dense = new Dense(4, 3, seed: 5);
        var model = new Sequential(dense, new Softmax());
        var objective = new OutputLoss(model, new CategoricalCrossEntropy());
        Tensor x = TestData.Matrix(4, 4, seed: 6), targets = Targets(4, 3);

        Tensor p = objective.Forward(x);
        objective.Backward(p, targets);

        // ∂L/∂b = Σ_rows (p − t)/rows, the fused gradient taken straight into the dense layer.
        double[] expected = new double[3];
        for (int r = 0; r < 4; r++)
        {
            for (int j = 0; j < 3; j++)
            {
                expected[j] += (p[r, j] - targets[r, j]) / 4.0;
            }
        }

        Approx.AssertClose(dense.Bias.Gradient.AsSpan(), expected, 1e-7, 1e-6, "bias gradient");
    }

    [Fact]
    public void Compute_SigmoidWithBceSaturated_IsTheExactLossNotTheClampedOne()
    {
        // A logit of 200 makes p round to 1; log(1 − p) would be −∞ (clamped at −100 by the plain
        // loss), while the loss from the logit is exactly 200.
        var dense = new Dense(1, 1, seed: 1);
        dense.Weight.Value[0] = 200f;
        var model = new Sequential(dense, new Sigmoid());
        var objective = new OutputLoss(model, new BinaryCrossEntropy());
        var x = new Tensor([1f], 1, 1);
        var target = new Tensor([0f], 1, 1);

        Tensor p = objective.Forward(x);

        p[0].Should().Be(1f);
        objective.Compute(p, target).Should().Be(200f);
        new BinaryCrossEntropy().Compute(p, target).Should().Be(100f, "the plain loss can only clamp");
    }

    [Fact]
    public void Compute_FusedBeforeAnyForward_ThrowsInvalidOperation()
    {
        var objective = new OutputLoss(Network(new Softmax()), new CategoricalCrossEntropy());

        Action act = () => objective.Compute(new Tensor(2, 3), Targets(2, 3));

        act.Should().Throw<InvalidOperationException>().WithMessage("*forward pass*");
    }
}
