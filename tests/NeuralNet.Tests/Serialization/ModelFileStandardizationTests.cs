using System.Buffers.Binary;
using NeuralNet.Layers;
using NeuralNet.Serialization;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Serialization;

/// <summary>The Standardization layer in the file: layer kind 7 in <c>MODL</c>, its mean and deviation in two <c>PARM</c> sections.</summary>
public sealed class ModelFileStandardizationTests
{
    private static Sequential NewModel() => new(
        new Standardization([5.8f, 3.0f, 3.7f, 1.2f], [0.8f, 0.4f, 1.7f, 0.75f]),
        new Dense(4, 5, seed: 1), new Tanh(), new Dense(5, 3, seed: 2), new Softmax());

    private static Sequential Read(byte[] bytes) => ModelFile.Read(new MemoryStream(bytes, writable: false));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_SavedStandardization_KeepsItsStatisticsAndPredictionsBitForBit(bool pipe)
    {
        Sequential model = NewModel();
        byte[] bytes = NnetBytes.Serialize(model);
        Tensor raw = TestData.Matrix(7, 4, seed: 3, min: 0f, max: 8f);

        Sequential loaded = ModelFile.Read(pipe ? new OneWayStream(bytes) : new MemoryStream(bytes));

        var standardization = loaded.Layers[0].Should().BeOfType<Standardization>().Subject;
        standardization.Means.Should().Equal(5.8f, 3.0f, 3.7f, 1.2f);
        standardization.StandardDeviations.Should().Equal(0.8f, 0.4f, 1.7f, 0.75f);
        loaded.InputSize.Should().Be(4);
        loaded.Predict(raw).AsSpan().ToArray().Should().Equal(model.Predict(raw).AsSpan().ToArray());
    }

    [Fact]
    public void Write_Standardization_IsKind7InModlWithMeanAndDeviationAsTheFirstParmSections()
    {
        byte[] bytes = NnetBytes.Serialize(NewModel());
        List<NnetBytes.Section> sections = NnetBytes.Sections(bytes);

        sections.Select(s => s.Tag).Should().Equal("MODL", "PARM", "PARM", "PARM", "PARM", "PARM", "PARM", "DONE");
        int modl = sections[0].PayloadStart;
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(modl)).Should().Be(5);
        bytes[modl + 4].Should().Be(7);
        BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(modl + 5)).Should().Be(4);
        sections[2].Length.Should().Be(4 + (4 * 4));
        BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(sections[2].PayloadStart + 4)).Should().Be(0.8f);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.5f)]
    public void Read_DeviationNotPositive_IsRefusedNamingTheLayer(float deviation)
    {
        byte[] bytes = NnetBytes.Serialize(NewModel());
        NnetBytes.Section deviations = NnetBytes.Sections(bytes)[2];
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(deviations.PayloadStart + 4 + 8), deviation);
        NnetBytes.Reseal(bytes);

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage("*Layer 0*Standardization*standardDeviations[2]*");
    }

    [Fact]
    public void Read_NonFiniteMean_IsRefusedNamingTheTensor()
    {
        byte[] bytes = NnetBytes.Serialize(NewModel());
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(NnetBytes.Sections(bytes)[1].PayloadStart + 4), float.NaN);
        NnetBytes.Reseal(bytes);

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage("*Layer 0*'mean'*NaN*");
    }

    [Fact]
    public void Read_StandardizationWidthDiffersFromNextDense_IsRefusedBeforeAllocating()
    {
        byte[] bytes = NnetBytes.Serialize(NewModel());
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(NnetBytes.Sections(bytes)[0].PayloadStart + 5), 6);
        NnetBytes.Reseal(bytes);

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage("*Layer 1*4 inputs*outputs 6*");
    }

    [Fact]
    public void Read_Version1FileWithKind7_IsRefusedAsUnknownInThatVersion()
    {
        // NNET, version 1, one layer of kind 7, then the FNV-1a of those bytes.
        byte[] body = [.. "NNET"u8, 1, 0, 1, 0, 0, 0, 7];
        ulong hash = 0xCBF29CE484222325;
        foreach (byte b in body)
        {
            hash = unchecked((hash ^ b) * 0x100000001B3);
        }

        byte[] bytes = [.. body, .. BitConverter.GetBytes(hash)];

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage("*unknown kind code 7*1 to 6*");
    }
}
