using System.Text;
using System.Text.Json.Nodes;
using NeuralNet.Interop;
using NeuralNet.Layers;

namespace NeuralNet.Tests.Interop;

/// <summary>What <c>SaveStateDict</c> writes: PyTorch's names and layout, F32, a padded header, the same bytes every time.</summary>
public sealed class SafetensorsSaveTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("safetensors-save-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Save_SameNetworkTwice_GivesTheSameBytes()
    {
        SafetensorsBytes.Save(SafetensorsBytes.SmallNetwork(seed: 1)).Should().Equal(SafetensorsBytes.Save(SafetensorsBytes.SmallNetwork(seed: 1)));
    }

    [Fact]
    public void Save_Header_IsPaddedWithSpacesToAMultipleOf8AndCarriesFormatPt()
    {
        byte[] file = SafetensorsBytes.Save(SafetensorsBytes.SmallNetwork());
        string header = SafetensorsBytes.HeaderText(file);

        (SafetensorsBytes.HeaderLength(file) % 8).Should().Be(0);
        header.TrimEnd(' ').Should().EndWith("}");
        header[(header.TrimEnd(' ').Length)..].Should().MatchRegex("^ {0,7}$");
        header.Should().StartWith("{\"__metadata__\":{\"format\":\"pt\"},");
    }

    [Fact]
    public void Save_SmallNetwork_NamesTensorsByLayerIndexSortedWithTheirDataInThatOrder()
    {
        byte[] file = SafetensorsBytes.Save(SafetensorsBytes.SmallNetwork());
        JsonObject header = SafetensorsBytes.Header(file);

        string[] names = [.. header.Select(p => p.Key).Where(k => k != "__metadata__")];
        names.Should().Equal("0.mean", "0.std", "1.bias", "1.weight", "3.bias", "3.weight", "5.bias", "5.weight");
        long offset = 0;
        foreach (string name in names)
        {
            header[name]!["dtype"]!.GetValue<string>().Should().Be("F32");
            JsonArray range = header[name]!["data_offsets"]!.AsArray();
            ((long)range[0]!).Should().Be(offset);
            offset = (long)range[1]!;
        }

        offset.Should().Be(SafetensorsBytes.Data(file).Length);
        header["1.weight"]!["shape"]!.ToJsonString().Should().Be("[5,3]", "nn.Linear(3, 5).weight is [out, in]");
        header["0.std"]!["shape"]!.ToJsonString().Should().Be("[3]");
    }

    [Fact]
    public void Save_DenseWeight_IsWrittenTransposed()
    {
        Sequential model = SafetensorsBytes.SmallNetwork();
        var dense = (Dense)model.Layers[3]; // Dense(5, 4): weight [5, 4] here, [4, 5] in the file

        float[] written = SafetensorsBytes.FloatsOf(SafetensorsBytes.Tensors(SafetensorsBytes.Save(model))["3.weight"]);

        for (int input = 0; input < 5; input++)
        {
            for (int unit = 0; unit < 4; unit++)
            {
                written[(unit * 5) + input].Should().Be(dense.Weight.Value[input, unit]);
            }
        }
    }

    [Fact]
    public void Save_Standardization_WritesMeanAndStd()
    {
        Dictionary<string, byte[]> tensors = SafetensorsBytes.Tensors(SafetensorsBytes.Save(SafetensorsBytes.SmallNetwork()));

        SafetensorsBytes.FloatsOf(tensors["0.mean"]).Should().Equal(5.8f, 3.0f, -3.7f);
        SafetensorsBytes.FloatsOf(tensors["0.std"]).Should().Equal(0.8f, 0.4f, 1.7f);
    }

    [Fact]
    public void Save_OnlyActivations_WritesAnEmptyStateDict()
    {
        byte[] file = SafetensorsBytes.Save(new Sequential(new ReLU(), new Softmax()));

        SafetensorsBytes.HeaderText(file).TrimEnd().Should().Be("{\"__metadata__\":{\"format\":\"pt\"}}");
        SafetensorsBytes.Data(file).Should().BeEmpty();
        SafetensorsBytes.Load(new Sequential(new Tanh(), new Sigmoid()), file);
    }

    [Fact]
    public void Save_NonFiniteWeight_IsRefusedNamingItAndWritesNothing()
    {
        Sequential model = SafetensorsBytes.SmallNetwork();
        ((Dense)model.Layers[3]).Weight.Value[2, 1] = float.PositiveInfinity;
        string path = Path.Combine(_directory, "bad.safetensors");
        using var stream = new MemoryStream();

        ((Action)(() => model.SaveStateDict(stream))).Should().Throw<InvalidOperationException>()
            .WithMessage("Tensor '3.weight' of layer 3 (Dense(5→4)) holds * at index 7; *"); // [1, 2] of the [4, 5] tensor
        ((Action)(() => model.SaveStateDict(path))).Should().Throw<InvalidOperationException>();

        stream.Length.Should().Be(0);
        Directory.EnumerateFileSystemEntries(_directory).Should().BeEmpty();
    }

    [Fact]
    public void SaveToPath_ThenLoad_RestoresTheNetworkAndReplacesTheOldFile()
    {
        string path = Path.Combine(_directory, "model.safetensors");
        File.WriteAllText(path, "an older file");
        Sequential original = SafetensorsBytes.SmallNetwork(seed: 1), model = SafetensorsBytes.SmallNetwork(seed: 9);

        original.SaveStateDict(path);
        model.LoadStateDict(path);

        File.ReadAllBytes(path).Should().Equal(SafetensorsBytes.Save(original));
        SafetensorsBytes.Save(model).Should().Equal(SafetensorsBytes.Save(original));
        Directory.EnumerateFileSystemEntries(_directory).Should().ContainSingle("no temporary file is left behind");
    }

    [Fact]
    public void Save_Header_IsAsciiJson()
    {
        byte[] file = SafetensorsBytes.Save(SafetensorsBytes.SmallNetwork());

        file.AsSpan(8, SafetensorsBytes.HeaderLength(file)).ToArray().Should().OnlyContain(b => b >= 0x20 && b < 0x7F);
        Encoding.ASCII.GetString(file, 8, SafetensorsBytes.HeaderLength(file)).Should().NotContain("\n");
    }
}
