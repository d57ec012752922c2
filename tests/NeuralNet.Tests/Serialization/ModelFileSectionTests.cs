using System.Buffers.Binary;
using NeuralNet.Layers;
using NeuralNet.Serialization;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Serialization;

/// <summary>Version 2 as docs/file-format.md describes it: header, sections, order, checksums, versions.</summary>
public sealed class ModelFileSectionTests
{
    private static Sequential NewModel() => new(
        new Dense(4, 5, seed: 3), new Tanh(), new Dense(5, 6, WeightInitialization.He, seed: 4), new ReLU(),
        new Dense(6, 3, seed: 5), new Softmax());

    private static Sequential Read(byte[] bytes) => ModelFile.Read(new MemoryStream(bytes));

    [Fact]
    public void Crc32C_CheckString_GivesTheStandardValue()
    {
        NnetBytes.Crc32C("123456789"u8).Should().Be(0xE3069283);
        Crc32C.Finish(Crc32C.Append(Crc32C.Initial, "123456789"u8)).Should().Be(0xE3069283);
    }

    [Fact]
    public void Write_DocumentedExample_HasTheDocumentedBytes()
    {
        var dense = new Dense(2, 1);
        dense.Weight.Value[0] = 0.5f;
        dense.Weight.Value[1] = -2f;
        dense.Bias.Value[0] = 1f;

        byte[] bytes = NnetBytes.Serialize(new Sequential(dense, new Sigmoid()));

        bytes.Should().HaveCount(105);
        bytes.AsSpan(0, 33).ToArray().Should().Equal(
            0x4E, 0x4E, 0x45, 0x54, 0x02, 0x00,
            0x4D, 0x4F, 0x44, 0x4C, 0x0F, 0, 0, 0, 0, 0, 0, 0,
            0x02, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0x01, 0, 0, 0, 0x00, 0x02);
        NnetBytes.Sections(bytes).Select(s => (s.Tag, s.Length)).Should().Equal(
            ("MODL", 15L), ("PARM", 12L), ("PARM", 8L), ("DONE", 0L));
        List<NnetBytes.Section> sections = NnetBytes.Sections(bytes);
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(sections[0].ChecksumField))
            .Should().Be(NnetBytes.Crc32C(bytes.AsSpan(0, 33)), "MODL's checksum covers bytes 0 to 32");
        for (int i = 0; i < sections.Count; i++)
        {
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(sections[i].ChecksumField)).Should().Be(
                NnetBytes.ExpectedChecksum(bytes, sections, i), $"section {i}'s checksum covers the file before it but the checksum fields");
        }

        BitConverter.ToSingle(bytes, 6 + 31 + 12 + 4 + 4).Should().Be(-2f);
    }

    [Fact]
    public void Write_AnyNetwork_IsVersion2WithOneParmSectionPerTensor()
    {
        Sequential model = NewModel();

        byte[] bytes = NnetBytes.Serialize(model);

        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)).Should().Be(2);
        NnetBytes.Sections(bytes).Select(s => s.Tag).Should().Equal(
            ["MODL", .. Enumerable.Repeat("PARM", model.Parameters.Count), "DONE"]);
        Read(bytes).Parameters.Select(p => p.Value.AsSpan().ToArray()).Should().BeEquivalentTo(
            model.Parameters.Select(p => p.Value.AsSpan().ToArray()), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Read_UnknownOptionalSection_IsSkipped()
    {
        Sequential model = NewModel();
        byte[] bytes = NnetBytes.InsertSection(NnetBytes.Serialize(model), index: 3, "xtra", new byte[1000]);

        Sequential loaded = Read(bytes);

        loaded.Predict(TestInput()).AsSpan().ToArray().Should().Equal(model.Predict(TestInput()).AsSpan().ToArray());
    }

    [Fact]
    public void Read_UnknownRequiredSection_IsRefusedByName()
    {
        byte[] bytes = NnetBytes.InsertSection(NnetBytes.Serialize(NewModel()), index: 1, "PREP", new byte[16]);

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage("*'PREP'*newer version*");
    }

    [Fact]
    public void Read_OptionalSectionBeforeModl_IsRefused()
    {
        byte[] bytes = NnetBytes.InsertSection(NnetBytes.Serialize(NewModel()), index: 0, "meta", new byte[4]);

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage("*first section must be 'MODL'*");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(65535)]
    public void Read_NewerVersion_IsRefusedNamingBothVersions(int version)
    {
        byte[] bytes = NnetBytes.Serialize(NewModel());
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), (ushort)version);

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage($"*version {version}*versions 1 to 2*");
    }

    [Fact]
    public void Read_BytesAfterDone_AreRefused()
    {
        byte[] bytes = [.. NnetBytes.Serialize(NewModel()), 0];

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage("*after its 'DONE'*");
    }

    [Theory]
    [InlineData("dropped")]
    [InlineData("repeated")]
    public void Read_OptionalSectionDroppedOrRepeatedWithoutResealing_FailsTheNextChecksum(string change)
    {
        // A CRC fed its own value ends in a constant state; were the checksum fields hashed, every
        // section's check would start from that constant and miss what happened before it.
        byte[] bytes = NnetBytes.InsertSection(NnetBytes.Serialize(NewModel()), index: 3, "xtra", new byte[10]);
        NnetBytes.Section optional = NnetBytes.Sections(bytes)[3];
        byte[] section = bytes[optional.Start..(optional.ChecksumField + 4)];
        byte[] changed = change == "dropped"
            ? [.. bytes.AsSpan(0, optional.Start), .. bytes.AsSpan(optional.ChecksumField + 4)]
            : [.. bytes.AsSpan(0, optional.Start), .. section, .. bytes.AsSpan(optional.Start)];

        Action read = () => Read(changed);

        read.Should().Throw<InvalidDataException>().WithMessage("*checksum*");
    }

    [Fact]
    public void Read_ParmSectionsSwapped_AreRefused()
    {
        byte[] bytes = NnetBytes.Serialize(new Sequential(new Dense(3, 3, seed: 1), new Dense(3, 3, seed: 2)));
        List<NnetBytes.Section> sections = NnetBytes.Sections(bytes);
        int first = sections[1].Start, second = sections[3].Start, size = sections[2].Start - first;
        byte[] swapped = [.. bytes];
        bytes.AsSpan(second, size).CopyTo(swapped.AsSpan(first));
        bytes.AsSpan(first, size).CopyTo(swapped.AsSpan(second));
        NnetBytes.Reseal(swapped);

        Action read = () => Read(swapped);

        read.Should().Throw<InvalidDataException>().WithMessage("*labelled as parameter 2*");
    }

    [Fact]
    public void Read_NonFiniteWeightWithAValidChecksum_NamesLayerParameterAndIndex()
    {
        byte[] bytes = NnetBytes.Serialize(NewModel());
        NnetBytes.Section bias = NnetBytes.Sections(bytes)[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(bias.PayloadStart + 4 + (4 * 2)), float.NaN);
        NnetBytes.Reseal(bytes);

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage("Layer 2 parameter 'bias'*NaN at index 2*");
    }

    private static Tensor TestInput() => new([0.5f, -1f, 2f, 0.25f], 1, 4);
}
