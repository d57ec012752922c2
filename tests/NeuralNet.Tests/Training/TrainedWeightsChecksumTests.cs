using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using NeuralNet.Data;
using NeuralNet.Kernels;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tests.Support;
using NeuralNet.Training;
using Xunit.Abstractions;

namespace NeuralNet.Tests.Training;

/// <summary>
/// Refactoring guard: seeded trainings covering every layer, loss, optimizer and fused path must
/// end in exactly the weights they ended in when the checksums below were recorded. A change that
/// alters one rounding anywhere — a reordered sum, a formula rewritten, a kernel path taken
/// differently — changes a checksum.
/// </summary>
/// <remarks>
/// The vector width decides some roundings (the exp of the vector sigmoid, the order of a
/// reduction), so the checksums are recorded per SIMD path: the default path of an AVX-512
/// machine, and the paths forced by <c>DOTNET_EnableAVX512=0</c> (an AVX2 machine),
/// <c>DOTNET_PreferredVectorBitWidth=256</c>, <c>DOTNET_MaxVectorTBitWidth=512</c>,
/// <c>DOTNET_EnableAVX2=0</c> and <c>DOTNET_EnableHWIntrinsic=0</c>. CI runs this class under each.
/// A path with no recorded checksums (another architecture) only prints what it computed.
/// To record after a deliberate numerical change, run the class under each setting and paste the
/// printed lines.
/// </remarks>
[Collection(ParallelismSetting.Name)]
public sealed class TrainedWeightsChecksumTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, Dictionary<string, string>> Recorded = new()
    {
        ["v512=1 v256=1 vt=8 fma=1"] = new()
        {
            ["cancer-tanh-sigmoid-momentum"] = "D846B9B6642E9043",
            ["diabetes-sigmoid-identity-rmsprop"] = "3E6716A71D72DA84",
            ["digits-relu-softmax-adam"] = "571EF5A79DC8711A",
            ["iris-relu-softmax-adagrad"] = "A10F1A64E2667B0F",
            ["iris-relu-softmax-adam-amsgrad-l2"] = "FDDF0272AF6DEE20",
            ["iris-relu-softmax-adamw-amsgrad"] = "51FA2E0D1FFBAE4D",
            ["iris-relu-softmax-nesterov"] = "622FCBE240DDAC79",
            ["iris-relu-softmax-sgd"] = "CB194625C3568EA0",
            ["wine-relu-output-mse-sgd"] = "51256202FAD8D50C",
            ["wine-softmax-mse-adamw"] = "BA8C7ECC55A26276",
        },
        ["v512=0 v256=1 vt=8 fma=1"] = new()
        {
            ["cancer-tanh-sigmoid-momentum"] = "D846B9B6642E9043",
            ["diabetes-sigmoid-identity-rmsprop"] = "3E6716A71D72DA84",
            ["digits-relu-softmax-adam"] = "99C0E0CA27D4E2C5",
            ["iris-relu-softmax-adagrad"] = "6A0C47EBECEA0835",
            ["iris-relu-softmax-adam-amsgrad-l2"] = "9CAC162330BC94AD",
            ["iris-relu-softmax-adamw-amsgrad"] = "51FA2E0D1FFBAE4D",
            ["iris-relu-softmax-nesterov"] = "7AECAD8C93EEAC49",
            ["iris-relu-softmax-sgd"] = "CB194625C3568EA0",
            ["wine-relu-output-mse-sgd"] = "51256202FAD8D50C",
            ["wine-softmax-mse-adamw"] = "BA8C7ECC55A26276",
        },
        ["v512=1 v256=1 vt=16 fma=1"] = new()
        {
            ["cancer-tanh-sigmoid-momentum"] = "D846B9B6642E9043",
            ["diabetes-sigmoid-identity-rmsprop"] = "33413D82C58F920E",
            ["digits-relu-softmax-adam"] = "A529783AE002AF86",
            ["iris-relu-softmax-adagrad"] = "A10F1A64E2667B0F",
            ["iris-relu-softmax-adam-amsgrad-l2"] = "FDDF0272AF6DEE20",
            ["iris-relu-softmax-adamw-amsgrad"] = "51FA2E0D1FFBAE4D",
            ["iris-relu-softmax-nesterov"] = "622FCBE240DDAC79",
            ["iris-relu-softmax-sgd"] = "CB194625C3568EA0",
            ["wine-relu-output-mse-sgd"] = "51256202FAD8D50C",
            ["wine-softmax-mse-adamw"] = "BA8C7ECC55A26276",
        },
        ["v512=0 v256=0 vt=4 fma=0"] = new()
        {
            ["cancer-tanh-sigmoid-momentum"] = "427656CF6FC04DB7",
            ["diabetes-sigmoid-identity-rmsprop"] = "E80FC3643CF7F4D7",
            ["digits-relu-softmax-adam"] = "13C0F267B60B5FDC",
            ["iris-relu-softmax-adagrad"] = "137A9B40B501DF9C",
            ["iris-relu-softmax-adam-amsgrad-l2"] = "3E06A91AEA9AA3EF",
            ["iris-relu-softmax-adamw-amsgrad"] = "41A0456132BC93F4",
            ["iris-relu-softmax-nesterov"] = "A5FCFE0F886F2348",
            ["iris-relu-softmax-sgd"] = "8CE9270E3D1BE744",
            ["wine-relu-output-mse-sgd"] = "844FF72768B3BA45",
            ["wine-softmax-mse-adamw"] = "8048EBD299476E85",
        },
        ["v512=0 v256=0 vt=0 fma=0"] = new()
        {
            ["cancer-tanh-sigmoid-momentum"] = "529B74AD7F73429E",
            ["diabetes-sigmoid-identity-rmsprop"] = "FD69A6B88992E6EF",
            ["digits-relu-softmax-adam"] = "A529783AE002AF86",
            ["iris-relu-softmax-adagrad"] = "A10F1A64E2667B0F",
            ["iris-relu-softmax-adam-amsgrad-l2"] = "FDDF0272AF6DEE20",
            ["iris-relu-softmax-adamw-amsgrad"] = "51FA2E0D1FFBAE4D",
            ["iris-relu-softmax-nesterov"] = "622FCBE240DDAC79",
            ["iris-relu-softmax-sgd"] = "CB194625C3568EA0",
            ["wine-relu-output-mse-sgd"] = "32C63C4357513A35",
            ["wine-softmax-mse-adamw"] = "BA8C7ECC55A26276",
        },
    };

    /// <summary>The SIMD path this process runs: what decides the kernels' roundings.</summary>
    public static string SimdPath =>
        $"v512={(Vector512.IsHardwareAccelerated ? 1 : 0)} v256={(Vector256.IsHardwareAccelerated ? 1 : 0)} "
        + $"vt={(Vector.IsHardwareAccelerated ? Vector<float>.Count : 0)} fma={(Fma.IsSupported ? 1 : 0)}";

    public static TheoryData<string> Cases() => [.. Trainings.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_SeededTraining_EndsInTheRecordedWeights(string name)
    {
        string actual = Checksum(Trainings[name]());
        output.WriteLine($"[\"{SimdPath}\"][\"{name}\"] = \"{actual}\"");
        if (Recorded.TryGetValue(SimdPath, out Dictionary<string, string>? byCase))
        {
            actual.Should().Be(byCase[name], $"training {name} on {SimdPath} must end in the recorded weights");
        }
    }

    private static readonly Dictionary<string, Func<Sequential>> Trainings = new()
    {
        ["digits-relu-softmax-adam"] = () => Fit(
            Standardized(Datasets.Digits()),
            new Sequential(new Dense(64, 96, WeightInitialization.He, seed: 1), new ReLU(), new Dense(96, 10, seed: 2), new Softmax()),
            new CategoricalCrossEntropy(), new Adam(learningRate: 1e-3f), batchSize: 32, epochs: 2),
        ["cancer-tanh-sigmoid-momentum"] = () => Fit(
            Standardized(Datasets.BreastCancer()),
            new Sequential(new Dense(30, 24, seed: 3), new Tanh(), new Dense(24, 1, seed: 4), new Sigmoid()),
            new BinaryCrossEntropy(), new Momentum(learningRate: 0.05f, momentum: 0.9f, weightDecay: 1e-3f), batchSize: 16, epochs: 3),
        ["diabetes-sigmoid-identity-rmsprop"] = () => Fit(
            Standardized(Datasets.Diabetes(), standardizeTargets: true),
            new Sequential(new Dense(10, 20, seed: 5), new Sigmoid(), new Dense(20, 1, seed: 6), new Identity()),
            new MeanSquaredError(), new RmsProp(learningRate: 1e-3f, weightDecay: 1e-3f, momentum: 0.5f, centered: true), batchSize: 64, epochs: 4),
        ["iris-relu-softmax-nesterov"] = () => Fit(
            Standardized(Datasets.Iris()), IrisNetwork(7), new CategoricalCrossEntropy(),
            new Nesterov(learningRate: 0.05f, momentum: 0.9f), batchSize: 8, epochs: 5),
        ["iris-relu-softmax-adagrad"] = () => Fit(
            Standardized(Datasets.Iris()), IrisNetwork(8), new CategoricalCrossEntropy(),
            new Adagrad(learningRate: 0.05f, learningRateDecay: 1e-3f, weightDecay: 1e-3f), batchSize: 1, epochs: 2),
        ["iris-relu-softmax-adamw-amsgrad"] = () => Fit(
            Standardized(Datasets.Iris()), IrisNetwork(9), new CategoricalCrossEntropy(),
            new AdamW(learningRate: 0.01f, amsGrad: true), batchSize: 150, epochs: 20),
        ["iris-relu-softmax-adam-amsgrad-l2"] = () => Fit(
            Standardized(Datasets.Iris()), IrisNetwork(10), new CategoricalCrossEntropy(),
            new Adam(learningRate: 0.01f, weightDecay: 1e-2f, amsGrad: true), batchSize: 13, epochs: 4),
        ["iris-relu-softmax-sgd"] = () => Fit(
            Standardized(Datasets.Iris()), IrisNetwork(11), new CategoricalCrossEntropy(),
            new Sgd(learningRate: 0.1f, weightDecay: 1e-3f), batchSize: 10, epochs: 5),
        ["wine-softmax-mse-adamw"] = () => Fit(
            Standardized(Datasets.Wine()),
            new Sequential(new Dense(13, 16, seed: 12), new ReLU(), new Dense(16, 3, seed: 13), new Softmax()),
            new MeanSquaredError(), new AdamW(learningRate: 0.01f), batchSize: 20, epochs: 5),
        ["wine-relu-output-mse-sgd"] = () => Fit(
            Standardized(Datasets.Wine()),
            new Sequential(new Dense(13, 16, seed: 14), new Tanh(), new Dense(16, 3, seed: 15), new ReLU()),
            new MeanSquaredError(), new Sgd(learningRate: 0.05f), batchSize: 32, epochs: 5),
    };

    private static Sequential IrisNetwork(int seed) => new(
        new Dense(4, 12, WeightInitialization.He, seed: seed), new ReLU(),
        new Dense(12, 12, WeightInitialization.He, seed: seed + 100), new ReLU(),
        new Dense(12, 3, seed: seed + 200), new Softmax());

    private static Dataset Standardized(Dataset data, bool standardizeTargets = false)
    {
        var features = Standardizer.Fit(data.Features).Transform(data.Features);
        var targets = standardizeTargets ? Standardizer.Fit(data.Targets).Transform(data.Targets) : data.Targets;
        return new Dataset(features, targets);
    }

    private static Sequential Fit(Dataset data, Sequential model, Loss loss, Optimizer optimizer, int batchSize, int epochs)
    {
        var trainer = new Trainer(model, loss, optimizer) { BatchSize = batchSize, Epochs = epochs, Seed = 1 };
        trainer.Fit(data);
        return model;
    }

    private static string Checksum(Sequential model)
    {
        float[] weights = TrainingFixtures.Weights(model);
        byte[] bytes = new byte[weights.Length * sizeof(float)];
        Buffer.BlockCopy(weights, 0, bytes, 0, bytes.Length);
        return Convert.ToHexString(SHA256.HashData(bytes))[..16];
    }

    [Fact]
    public void Parallelism_DoesNotChangeTheChecksum()
    {
        int saved = Parallelism.MaxDegreeOfParallelism;
        try
        {
            Parallelism.MaxDegreeOfParallelism = 1;
            string one = Checksum(Trainings["digits-relu-softmax-adam"]());
            Parallelism.MaxDegreeOfParallelism = 2;
            Checksum(Trainings["digits-relu-softmax-adam"]()).Should().Be(one);
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = saved;
        }
    }
}
