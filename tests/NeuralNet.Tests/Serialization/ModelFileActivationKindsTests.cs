using System.Buffers.Binary;
using NeuralNet.Layers;
using NeuralNet.Serialization;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Serialization;

/// <summary>
/// LeakyReLU, ELU, GELU, SiLU and Softplus in the file: kinds 8 to 12 of version 2, each record
/// carrying the layer's float hyperparameters.
/// </summary>
public sealed class ModelFileActivationKindsTests
{
    /// <summary>Each kind, its code and the record's bytes after the kind byte.</summary>
    public static TheoryData<string, byte, float[]> Kinds => new()
    {
        { "LeakyReLU", 8, [0.25f] },
        { "ELU", 9, [0.75f] },
        { "GELU", 10, [] },
        { "SiLU", 11, [] },
        { "Softplus", 12, [2f, 3.5f] },
    };

    private static Layer Create(string name) => name switch
    {
        "LeakyReLU" => new LeakyReLU(0.25f),
        "ELU" => new ELU(0.75f),
        "GELU" => new GELU(),
        "SiLU" => new SiLU(),
        _ => new Softplus(2f, 3.5f),
    };

    private static Sequential Model(string name) => new(new Dense(3, 4, seed: 1), Create(name), new Dense(4, 2, seed: 2));

    private static Sequential Read(byte[] bytes) => ModelFile.Read(new MemoryStream(bytes, writable: false));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SaveThenRead_EachKind_KeepsItsHyperparametersAndPredictionsBitForBit(string name, byte kind, float[] hyperparameters)
    {
        Sequential model = Model(name);
        byte[] bytes = NnetBytes.Serialize(model);
        Tensor x = TestData.Matrix(5, 3, seed: 3, min: -3f, max: 3f);

        Sequential loaded = Read(bytes);

        loaded.Layers[1].GetType().Should().Be(model.Layers[1].GetType());
        loaded.Layers[1].Name.Should().Be(model.Layers[1].Name);
        loaded.Predict(x).AsSpan().ToArray().Should().Equal(model.Predict(x).AsSpan().ToArray());
        NnetBytes.Serialize(loaded).Should().Equal(bytes);

        // MODL: the layer count, the 10-byte Dense record, then this layer's record.
        NnetBytes.Section modl = NnetBytes.Sections(bytes).Single(s => s.Tag == "MODL");
        int record = modl.PayloadStart + 4 + 10;
        bytes[record].Should().Be(kind);
        for (int i = 0; i < hyperparameters.Length; i++)
        {
            BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(record + 1 + (4 * i))).Should().Be(hyperparameters[i]);
        }

        modl.Length.Should().Be(4 + 10 + 1 + (4 * hyperparameters.Length) + 10);
    }

    [Theory]
    [InlineData("LeakyReLU", 0, -1f, "*Layer 1*LeakyReLU*negative slope -1*")]
    [InlineData("ELU", 0, float.NaN, "*Layer 1*ELU*alpha NaN*")]
    [InlineData("Softplus", 0, 0f, "*Layer 1*Softplus*beta 0*")]
    [InlineData("Softplus", 1, float.PositiveInfinity, "*Layer 1*Softplus*threshold*")]
    public void Read_HyperparameterOutOfRange_IsRefusedAsCorrupt(string name, int slot, float value, string message)
    {
        byte[] bytes = NnetBytes.Serialize(Model(name));
        NnetBytes.Section modl = NnetBytes.Sections(bytes).Single(s => s.Tag == "MODL");
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(modl.PayloadStart + 4 + 10 + 1 + (4 * slot)), value);
        NnetBytes.Reseal(bytes);

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void Read_KindAfterTheLast_IsRefusedByName()
    {
        byte[] bytes = NnetBytes.Serialize(Model("GELU"));
        NnetBytes.Section modl = NnetBytes.Sections(bytes).Single(s => s.Tag == "MODL");
        bytes[modl.PayloadStart + 4 + 10] = 15;
        NnetBytes.Reseal(bytes);

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage("*unknown kind code 15*1 to 14*");
    }
}
