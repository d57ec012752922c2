using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Training;

namespace NeuralNet.Onnx.Tests.Support;

/// <summary>A network to export, and the range its random inputs are drawn from.</summary>
/// <param name="Name">The test case's name.</param>
/// <param name="Build">Makes the network (the same one each call for the trained model).</param>
/// <param name="Low">The smallest input value drawn.</param>
/// <param name="High">The largest input value drawn.</param>
internal sealed record ExampleModel(string Name, Func<Sequential> Build, float Low = -2, float High = 2)
{
    /// <summary>Random rows in [Low, High], seeded.</summary>
    public Tensor Inputs(Sequential model, int rows, int seed)
    {
        var random = new Random(seed);
        var x = new Tensor(rows, model.InputSize!.Value);
        Span<float> values = x.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Low + ((High - Low) * random.NextSingle());
        }

        return x;
    }
}

/// <summary>
/// The models every export test runs: between them they hold every layer kind of the library
/// (<see cref="LayerCatalogueTests"/> checks that), every output head, a trained digits model
/// and a Fashion-MNIST-sized MLP.
/// </summary>
internal static class ExampleModels
{
    private static readonly Lazy<Sequential> s_digits = new(TrainDigits);

    public static IReadOnlyList<ExampleModel> All { get; } =
    [
        new("dense-regression", () => WithBiases(new Sequential(new Dense(5, 3, seed: 1)), seed: 1)),
        new("dropout-inference", () => WithBiases(
            new Sequential(new Dense(6, 8, seed: 20), new ReLU(), new Dropout(0.4f, seed: 1), new Dense(8, 3, seed: 21), new Softmax()), seed: 9)),
        new("identity-regression", () => WithBiases(new Sequential(new Dense(8, 6, seed: 2), new Tanh(), new Dense(6, 3, seed: 3), new Identity()), seed: 2)),
        new("relu-output-regression", () => WithBiases(new Sequential(new Dense(4, 6, seed: 4), new ReLU(), new Dense(6, 2, seed: 5), new ReLU()), seed: 3)),
        new("relu-softmax", () => WithBiases(
            new Sequential(new Dense(10, 16, WeightInitialization.He, seed: 6), new ReLU(), new Dense(16, 5, seed: 7), new Softmax()), seed: 4)),
        new("tanh-binary", () => WithBiases(
            new Sequential(new Dense(6, 12, seed: 8), new Tanh(), new Dense(12, 1, seed: 9), new Sigmoid())
            {
                Metadata = new ModelMetadata { ClassNames = ["benign", "malignant"], Task = ModelTask.BinaryClassification },
            }, seed: 5)),
        new("sigmoid-multilabel", () => WithBiases(
            new Sequential(new Dense(7, 9, seed: 10), new Sigmoid(), new Dense(9, 4, seed: 11), new Sigmoid())
            {
                Metadata = new ModelMetadata { ClassNames = ["red", "green", "blue", "ünïcode"], FeatureNames = ["a", "b", "c", "d", "e", "f", "g"] },
            }, seed: 6)),
        new("standardization-first", StandardizationFirst, Low: 20, High: 80),
        new("stated-regression-sigmoid", () => WithBiases(
            new Sequential(new Dense(3, 2, seed: 12), new Sigmoid()) { Metadata = new ModelMetadata { Task = ModelTask.Regression } }, seed: 7)),
        new("fashion-mnist-mlp", () => WithBiases(
            new Sequential(
                new Dense(784, 256, WeightInitialization.He, seed: 13), new ReLU(),
                new Dense(256, 128, WeightInitialization.He, seed: 14), new ReLU(),
                new Dense(128, 10, seed: 15), new Softmax()), seed: 8), Low: 0, High: 1),
        new("digits-trained", () => s_digits.Value, Low: 0, High: 16),
        new("leaky-relu-elu-softmax", () => WithBiases(
            new Sequential(new Dense(5, 8, seed: 18), new LeakyReLU(0.1f), new Dense(8, 6, seed: 19), new ELU(0.8f), new Dense(6, 3, seed: 20), new Softmax()), seed: 10),
            Low: -3, High: 3),
        new("gelu-silu-softplus-regression", () => WithBiases(
            new Sequential(new Dense(4, 8, seed: 21), new GELU(), new Dense(8, 6, seed: 22), new SiLU(), new Dense(6, 5, seed: 23), new Softplus(), new Dense(5, 2, seed: 24)),
            seed: 11), Low: -4, High: 4),
        // β ≠ 1 and a low threshold: the decomposed Softplus, with inputs on both sides of its switch.
        // nn.Linear(bias=False) → BatchNorm1d in eval mode: Gemm without C, then BatchNormalization.
        new("batchnorm-no-bias", BatchNormAfterDenseWithoutBias, Low: -3, High: 3),
        new("softplus-beta-threshold", () => WithBiases(
            new Sequential(new Dense(3, 6, seed: 25), new Softplus(beta: 2f, threshold: 1.5f), new Dense(6, 2, seed: 26), new Softplus(beta: 0.5f)),
            seed: 12), Low: -3, High: 3),
    ];

    public static TheoryData<string> Names => [.. All.Select(m => m.Name)];

    public static ExampleModel Get(string name) => All.Single(m => m.Name == name);

    /// <summary>Random biases (layers start with zero ones), so that the exported bias is exercised.</summary>
    private static Sequential WithBiases(Sequential model, int seed)
    {
        var random = new Random(seed);
        foreach (Dense dense in model.Layers.OfType<Dense>().Where(d => d.HasBias))
        {
            Span<float> bias = dense.Bias.Value.AsSpan();
            for (int i = 0; i < bias.Length; i++)
            {
                bias[i] = random.NextSingle() - 0.5f;
            }
        }

        return model;
    }

    /// <summary>Raw features around 50 with spread 10, standardised inside the model; σ values that are not powers of two, so the division rounds.</summary>
    private static Sequential StandardizationFirst()
    {
        var standardization = new Standardization([50f, 47.3f, 52.1f, 49.9f, 51.7f], [10f, 9.3f, 11.7f, 0.7f, 13.1f]);
        return WithBiases(
            new Sequential(standardization, new Dense(5, 8, WeightInitialization.He, seed: 16), new ReLU(), new Dense(8, 3, seed: 17), new Softmax())
            {
                Metadata = new ModelMetadata { FeatureNames = ["f0", "f1", "f2", "f3", "f4"], Task = ModelTask.MultiClassClassification },
            }, seed: 9);
    }

    /// <summary>A Dense layer without bias, then BatchNorm with statistics away from the defaults (trained on a few batches).</summary>
    private static Sequential BatchNormAfterDenseWithoutBias()
    {
        var norm = new BatchNorm(8, epsilon: 1e-3f, momentum: 0.3f);
        var model = WithBiases(
            new Sequential(new Dense(5, 8, bias: false, WeightInitialization.He, seed: 27), norm, new ReLU(), new Dense(8, 3, seed: 28), new Softmax()), seed: 13);
        var random = new Random(14);
        for (int j = 0; j < 8; j++)
        {
            norm.Gamma.Value[j] = 0.5f + random.NextSingle();
            norm.Beta.Value[j] = random.NextSingle() - 0.5f;
        }

        model.IsTraining = true;
        for (int batch = 0; batch < 4; batch++)
        {
            var x = new Tensor(16, 5);
            foreach (ref float value in x.AsSpan())
            {
                value = (4 * random.NextSingle()) - 1;
            }

            model.Forward(x);
        }

        model.IsTraining = false;
        return model;
    }

    /// <summary>The digits classifier of the README, standardization included, trained for a few epochs.</summary>
    private static Sequential TrainDigits()
    {
        var (train, _) = Datasets.Digits().Split(0.8, seed: 1);
        var model = new Sequential(
            Standardization.Fit(train.Features),
            new Dense(64, 64, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(64, 10, seed: 2), new Softmax());
        new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 1e-3f)) { BatchSize = 32, Epochs = 5, Seed = 1 }.Fit(train);
        model.Metadata = new ModelMetadata { ClassNames = Datasets.DigitsClassNames, Task = ModelTask.MultiClassClassification };
        return model;
    }
}
