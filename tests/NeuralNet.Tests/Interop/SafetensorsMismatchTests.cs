using NeuralNet.Layers;

namespace NeuralNet.Tests.Interop;

/// <summary>A file whose tensors differ from the network's is refused by name and shape, and the network is left as it was.</summary>
public sealed class SafetensorsMismatchTests
{
    private static readonly byte[] s_torch = SafetensorsBytes.Fixture("mlp_relu_tanh_softmax.safetensors");

    private static void LoadFails(Sequential model, byte[] file, string pattern)
    {
        float[][] before = [.. model.Parameters.Select(p => p.Value.AsSpan().ToArray())];

        ((Action)(() => SafetensorsBytes.Load(model, file))).Should().Throw<InvalidDataException>().WithMessage(pattern);

        for (int p = 0; p < before.Length; p++)
        {
            model.Parameters[p].Value.AsSpan().ToArray().Should().Equal(before[p], "a failed load leaves the network as it was");
        }
    }

    [Fact]
    public void Load_WrongInputWidth_NamesTheTensorAndBothShapes()
    {
        var model = new Sequential(new Dense(5, 16), new ReLU(), new Dense(16, 8), new Tanh(), new Dense(8, 3), new Softmax());

        LoadFails(model, s_torch, "Tensor '0.weight' has shape [16, 4] in the file; layer 0 (Dense(5→16)) needs [16, 5].");
    }

    [Fact]
    public void Load_WrongOutputWidth_NamesTheTensorAndBothShapes()
    {
        var model = new Sequential(new Dense(4, 16), new ReLU(), new Dense(16, 8), new Tanh(), new Dense(8, 2), new Softmax());

        LoadFails(model, s_torch, "Tensor '4.bias' has shape [3] in the file; layer 4 (Dense(8→2)) needs [2].");
    }

    [Fact]
    public void Load_NetworkWithAnExtraLayer_NamesTheMissingTensors()
    {
        var model = new Sequential(new Dense(4, 16), new ReLU(), new Dense(16, 8), new Tanh(), new Dense(8, 3), new Softmax(), new Dense(3, 2));

        LoadFails(model, s_torch, "*the network needs '6.weight', '6.bias', which the file lacks.");
    }

    [Fact]
    public void Load_NetworkWithALayerLess_NamesTheUnexpectedTensors()
    {
        var model = new Sequential(new Dense(4, 16), new ReLU(), new Dense(16, 8), new Tanh());

        LoadFails(model, s_torch, "*the file has '4.bias', '4.weight', which the network does not.");
    }

    [Fact]
    public void Load_NetworkWithoutTheActivations_ExplainsThatActivationsTakeAnIndex()
    {
        var model = new Sequential(new Dense(4, 16), new Dense(16, 8), new Dense(8, 3));

        LoadFails(model, s_torch, "*activations take an index too*the file has '4.bias', '4.weight'*the network needs '1.weight', '1.bias'*");
    }

    [Fact]
    public void Load_RenamedTensor_NamesBothNames()
    {
        byte[] file = SafetensorsBytes.ReplaceInHeader(s_torch, "\"2.weight\"", "\"2.kernel\"");

        LoadFails(MlpNetwork(), file, "*the file has '2.kernel'*the network needs '2.weight'*");
    }

    [Fact]
    public void Load_ManyUnexpectedTensors_ListsTenAndCountsTheRest()
    {
        var model = new Sequential(new Dense(1, 1));
        byte[] file = SafetensorsBytes.Build(
            "{" + string.Join(",", Enumerable.Range(0, 15).Select(i => $"\"x{i:D2}\":{{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}")) + "}", []);

        LoadFails(model, file, "*'x09' and 5 more, which the network does not; the network needs '0.weight', '0.bias'*");
    }

    [Fact]
    public void Load_StandardizationFirst_UsesIndexZeroForMeanAndStd()
    {
        Sequential original = SafetensorsBytes.SmallNetwork(seed: 1);
        var model = new Sequential(new Dense(3, 5), new Tanh(), new Dense(5, 4), new ReLU(), new Dense(4, 2), new Softmax());

        LoadFails(model, SafetensorsBytes.Save(original), "*the file has '0.mean', '0.std', '1.bias', '1.weight'*");
    }

    [Fact]
    public void Load_NonFiniteValueInTheLastTensor_NamesItAndChangesNothing()
    {
        byte[] file = [.. s_torch];
        file.AsSpan()[^4..].Fill(0xFF); // the last float of '4.weight' becomes a NaN

        LoadFails(MlpNetwork(), file, "Tensor '4.weight' holds the non-finite value NaN at index 23.");
    }

    [Fact]
    public void Load_StandardDeviationOfZero_IsRefused()
    {
        Sequential model = SafetensorsBytes.SmallNetwork(seed: 2);
        byte[] file = SafetensorsBytes.Save(SafetensorsBytes.SmallNetwork(seed: 1));
        int std = 8 + SafetensorsBytes.HeaderLength(file) + (int)SafetensorsBytes.Header(file)["0.std"]!["data_offsets"]![0]!;
        file.AsSpan(std + 4, 4).Clear();

        LoadFails(model, file, "Tensor '0.std' holds the standard deviation 0 at index 1; it must be greater than 0.");
    }

    private static Sequential MlpNetwork() => new(new Dense(4, 16), new ReLU(), new Dense(16, 8), new Tanh(), new Dense(8, 3), new Softmax());
}
