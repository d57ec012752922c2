using System.Text.Json;
using NeuralNet.Interop;
using NeuralNet.Layers;
using NeuralNet.Tensors;
using Xunit.Abstractions;

namespace NeuralNet.Tests.Interop;

/// <summary>
/// The two PyTorch 1.13 models of ../shared/interop (copied to Fixtures/): imported, they predict
/// what torch predicted; exported again, their tensors are torch's, bit for bit.
/// </summary>
public sealed class SafetensorsTorchTests(ITestOutputHelper output)
{
    private const string Mlp = "mlp_relu_tanh_softmax";
    private const string BatchNormMlp = "mlp_batchnorm_sigmoid";

    // 0: Linear(4,16), 1: ReLU, 2: Linear(16,8), 3: Tanh, 4: Linear(8,3), 5: Softmax(dim=1)
    private static Sequential MlpNetwork() => new(new Dense(4, 16), new ReLU(), new Dense(16, 8), new Tanh(), new Dense(8, 3), new Softmax());

    // 0: Linear(4,8), 1: BatchNorm1d(8), 2: ReLU, 3: Linear(8,1), 4: Sigmoid.
    private static Sequential BatchNormNetwork() => new(new Dense(4, 8), new BatchNorm(8), new ReLU(), new Dense(8, 1), new Sigmoid());

    [Fact]
    public void LoadStateDict_TorchMlp_PredictsWhatTorchPredictedWithin1e5()
    {
        Sequential model = MlpNetwork();

        model.LoadStateDict(SafetensorsBytes.FixturePath(Mlp + ".safetensors"));

        float difference = MaxDifferenceFromTorch(model, Mlp);
        output.WriteLine($"{Mlp}: largest |ours − torch| = {difference:E2}");
        difference.Should().BeLessThanOrEqualTo(1e-5f);
    }

    [Fact]
    public void LoadStateDict_TorchMlp_DenseWeightIsTheTransposeOfLinearWeight()
    {
        Sequential model = MlpNetwork();
        byte[] file = SafetensorsBytes.Fixture(Mlp + ".safetensors");

        SafetensorsBytes.Load(model, file);

        float[] linear = SafetensorsBytes.FloatsOf(SafetensorsBytes.Tensors(file)["2.weight"]); // [8, 16]
        var dense = (Dense)model.Layers[2];
        for (int input = 0; input < 16; input++)
        {
            for (int unit = 0; unit < 8; unit++)
            {
                dense.Weight.Value[input, unit].Should().Be(linear[(unit * 16) + input]);
            }
        }

        dense.Bias.Value.AsSpan().ToArray().Should().Equal(SafetensorsBytes.FloatsOf(SafetensorsBytes.Tensors(file)["2.bias"]));
    }

    [Fact]
    public void SaveStateDict_ImportedTorchMlp_WritesTorchsTensorsBitForBit()
    {
        byte[] original = SafetensorsBytes.Fixture(Mlp + ".safetensors");
        Sequential model = MlpNetwork();
        SafetensorsBytes.Load(model, original);

        byte[] saved = SafetensorsBytes.Save(model);

        Dictionary<string, byte[]> ours = SafetensorsBytes.Tensors(saved), torch = SafetensorsBytes.Tensors(original);
        ours.Keys.Should().BeEquivalentTo(torch.Keys);
        foreach ((string name, byte[] bytes) in torch)
        {
            ours[name].Should().Equal(bytes, $"tensor '{name}' must come back bit for bit");
            string Describe(byte[] file) => SafetensorsBytes.Header(file)[name]!.ToJsonString();
            Describe(saved).Should().Be(Describe(original), "dtype, shape and offsets are those torch's file has");
        }

        output.WriteLine($"{Mlp}: {torch.Count} tensors, {torch.Values.Sum(b => b.Length)} bytes, all identical after import and export");
    }

    [Fact]
    public void LoadSaveLoad_TorchMlp_GivesTheSameWeightsAndTheSameBytes()
    {
        Sequential first = MlpNetwork(), second = MlpNetwork();
        SafetensorsBytes.Load(first, SafetensorsBytes.Fixture(Mlp + ".safetensors"));
        byte[] saved = SafetensorsBytes.Save(first);

        SafetensorsBytes.Load(second, saved);

        for (int p = 0; p < first.Parameters.Count; p++)
        {
            second.Parameters[p].Value.AsSpan().ToArray().Should().Equal(first.Parameters[p].Value.AsSpan().ToArray());
        }

        SafetensorsBytes.Save(second).Should().Equal(saved);
        MaxDifferenceFromTorch(second, Mlp).Should().BeLessThanOrEqualTo(1e-5f);
    }

    [Fact]
    public void LoadStateDict_TorchBatchNormMlp_PredictsWhatTorchPredictedWithin1e5_AndSavesTheSameTensors()
    {
        Sequential model = BatchNormNetwork();

        model.LoadStateDict(SafetensorsBytes.FixturePath(BatchNormMlp + ".safetensors"));

        float difference = MaxDifferenceFromTorch(model, BatchNormMlp);
        output.WriteLine($"{BatchNormMlp}: largest |ours − torch| = {difference:E2}");
        difference.Should().BeLessThanOrEqualTo(1e-5f);
        SafetensorsBytes.Tensors(SafetensorsBytes.Save(model)).Should().BeEquivalentTo(
            SafetensorsBytes.Tensors(SafetensorsBytes.Fixture(BatchNormMlp + ".safetensors")));
    }

    [Fact]
    public void LoadStateDict_TorchBatchNormMlp_ReadsTheRunningStatisticsAndTheI64BatchCounter()
    {
        Sequential model = BatchNormNetwork();
        byte[] file = SafetensorsBytes.Fixture(BatchNormMlp + ".safetensors");
        var tensors = SafetensorsBytes.Tensors(file);

        SafetensorsBytes.Load(model, file);

        var norm = (BatchNorm)model.Layers[1];
        norm.RunningMean.AsSpan().ToArray().Should().Equal(SafetensorsBytes.FloatsOf(tensors["1.running_mean"]));
        norm.RunningVariance.AsSpan().ToArray().Should().Equal(SafetensorsBytes.FloatsOf(tensors["1.running_var"]));
        norm.Gamma.Value.AsSpan().ToArray().Should().Equal(SafetensorsBytes.FloatsOf(tensors["1.weight"]));
        norm.Beta.Value.AsSpan().ToArray().Should().Equal(SafetensorsBytes.FloatsOf(tensors["1.bias"]));
        norm.BatchesTracked.Should().Be(BitConverter.ToInt64(tensors["1.num_batches_tracked"]));
        norm.RunningVariance.AsSpan().ToArray().Should().NotEqual(Enumerable.Repeat(1f, 8), "torch's statistics are not the defaults");
    }

    [Theory]
    [InlineData("1.num_batches_tracked", "*'1.num_batches_tracked' counts -1 batches*")]
    [InlineData("1.running_var", "*'1.running_var' holds the variance -2 at index 0*")]
    public void LoadStateDict_NegativeBatchCountOrVariance_IsRefusedAndChangesNothing(string tensor, string message)
    {
        byte[] file = SafetensorsBytes.Fixture(BatchNormMlp + ".safetensors");
        var offsets = SafetensorsBytes.Header(file)[tensor]!["data_offsets"]!.AsArray();
        int start = 8 + SafetensorsBytes.HeaderLength(file) + (int)offsets[0]!.GetValue<long>();
        if (tensor.EndsWith("num_batches_tracked", StringComparison.Ordinal))
        {
            BitConverter.GetBytes(-1L).CopyTo(file, start);
        }
        else
        {
            BitConverter.GetBytes(-2f).CopyTo(file, start);
        }

        Sequential model = BatchNormNetwork();
        var norm = (BatchNorm)model.Layers[1];
        float[] before = [.. model.Parameters.SelectMany(p => p.Value.AsSpan().ToArray()), .. norm.RunningVariance.AsSpan()];

        Action load = () => SafetensorsBytes.Load(model, file);

        load.Should().Throw<InvalidDataException>().WithMessage(message);
        model.Parameters.SelectMany(p => p.Value.AsSpan().ToArray()).Concat(norm.RunningVariance.AsSpan().ToArray()).Should().Equal(before);
        norm.BatchesTracked.Should().Be(0);
    }

    [Fact]
    public void LoadStateDict_IntoADenseWithoutBias_ThatTheFileHas_NamesTheExtraTensor()
    {
        Sequential model = new(new Dense(4, 8, bias: false), new BatchNorm(8), new ReLU(), new Dense(8, 1), new Sigmoid());
        float[] before = [.. model.Parameters.SelectMany(p => p.Value.AsSpan().ToArray())];

        Action load = () => model.LoadStateDict(SafetensorsBytes.FixturePath(BatchNormMlp + ".safetensors"));

        load.Should().Throw<InvalidDataException>().WithMessage("*the file has '0.bias', which the network does not*");
        model.Parameters.SelectMany(p => p.Value.AsSpan().ToArray()).Should().Equal(before, "a failed load changes nothing");
    }

    private static float MaxDifferenceFromTorch(Sequential model, string name)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(SafetensorsBytes.FixturePath(name + ".json")));
        JsonElement root = json.RootElement;
        int[] xShape = [.. root.GetProperty("x_shape").EnumerateArray().Select(e => e.GetInt32())];
        float[] expected = SafetensorsBytes.Values(root.GetProperty("expected_float32"));

        Tensor predicted = model.Predict(new Tensor(SafetensorsBytes.Values(root.GetProperty("x")), xShape));

        predicted.Length.Should().Be(expected.Length);
        return expected.Select((value, i) => Math.Abs(value - predicted.AsSpan()[i])).Max();
    }
}
