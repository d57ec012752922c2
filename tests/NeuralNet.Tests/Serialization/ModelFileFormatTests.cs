using System.Buffers.Binary;
using System.Text;
using NeuralNet.Layers;
using NeuralNet.Serialization;

namespace NeuralNet.Tests.Serialization;

/// <summary>
/// The <c>.nnet</c> layout byte by byte, and files built by hand with a valid checksum, so that each
/// check behind the checksum (version, layer count, shapes, codes, trailing bytes) is reached.
/// </summary>
public sealed class ModelFileFormatTests
{
    private const byte DenseKind = 1, SigmoidKind = 2, TanhKind = 3, ReLUKind = 4, SoftmaxKind = 5, IdentityKind = 6;

    [Fact]
    public void Fnv1a_ReferenceVectors_MatchThePublishedValues()
    {
        // Published FNV-1a 64-bit test values (Fowler, Noll, Vo): "" and "a".
        Fnv1a([]).Should().Be(0xcbf29ce484222325UL);
        Fnv1a("a"u8).Should().Be(0xaf63dc4c8601ec8cUL);
    }

    [Fact]
    public void Write_SmallNetwork_ProducesTheDocumentedLayout()
    {
        var dense = new Dense(2, 1, WeightInitialization.He);
        float[] weights = [1.5f, -2f];
        weights.CopyTo(dense.Weight.Value.AsSpan());
        dense.Bias.Value[0] = 0.25f;
        var model = new Sequential(dense, new Sigmoid());

        byte[] bytes = Serialize(model);

        byte[] expected = WithChecksum(w =>
        {
            w.Write((ushort)1);
            w.Write(2);
            w.Write(DenseKind);
            w.Write(2);
            w.Write(1);
            w.Write((byte)WeightInitialization.He);
            w.Write(1.5f);
            w.Write(-2f);
            w.Write(0.25f);
            w.Write(SigmoidKind);
        });
        bytes.Should().Equal(expected);
    }

    [Fact]
    public void Write_Checksum_IsFnv1aOfEveryPrecedingByte()
    {
        byte[] bytes = Serialize(new Sequential(new Dense(3, 2, seed: 7), new Tanh()));

        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8));

        stored.Should().Be(Fnv1a(bytes.AsSpan(0, bytes.Length - 8)));
    }

    [Fact]
    public void Write_StreamWithEarlierContent_AppendsAfterItAndLeavesItOpen()
    {
        using var stream = new MemoryStream();
        stream.Write("head"u8);

        ModelFile.Write(new Sequential(new Identity()), stream);

        stream.CanWrite.Should().BeTrue("the stream is the caller's to close");
        byte[] written = stream.ToArray();
        written.AsSpan(0, 4).ToArray().Should().Equal("head"u8.ToArray());
        written.AsSpan(4).ToArray().Should().Equal(Serialize(new Sequential(new Identity())));
    }

    [Fact]
    public void Read_EveryLayerKindAndOneWideShapes_RoundTripsKindsShapesAndInitialization()
    {
        var model = new Sequential(
            new Dense(1, 3, WeightInitialization.He, seed: 1), new Sigmoid(), new Dense(3, 1, seed: 2), new Identity(),
            new Tanh(), new ReLU(), new Softmax());

        Sequential loaded = ModelFile.Read(new MemoryStream(Serialize(model)));

        loaded.Layers.Select(l => l.GetType()).Should().Equal(model.Layers.Select(l => l.GetType()));
        var first = (Dense)loaded.Layers[0];
        var second = (Dense)loaded.Layers[2];
        (first.Inputs, first.Outputs, first.Initialization).Should().Be((1, 3, WeightInitialization.He));
        (second.Inputs, second.Outputs, second.Initialization).Should().Be((3, 1, WeightInitialization.Glorot));
        second.Weight.Value.AsSpan().ToArray().Should().Equal(((Dense)model.Layers[2]).Weight.Value.AsSpan().ToArray());
    }

    [Fact]
    public void Read_SingleLayer_Loads()
    {
        byte[] bytes = WithChecksum(w => { w.Write((ushort)1); w.Write(1); w.Write(IdentityKind); });

        Sequential loaded = ModelFile.Read(new MemoryStream(bytes));

        loaded.Layers.Should().ContainSingle().Which.Should().BeOfType<Identity>();
    }

    [Fact]
    public void Read_TenThousandLayers_LoadsTheDocumentedMaximum()
    {
        byte[] bytes = WithChecksum(w =>
        {
            w.Write((ushort)1);
            w.Write(10_000);
            for (int i = 0; i < 10_000; i++)
            {
                w.Write(IdentityKind);
            }
        });

        ModelFile.Read(new MemoryStream(bytes)).Layers.Should().HaveCount(10_000);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void Read_LayerCountOutsideOneToTenThousand_ThrowsNamingTheCount(int count)
    {
        byte[] bytes = WithChecksum(w => { w.Write((ushort)1); w.Write(count); w.Write(IdentityKind); });

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage($"*declares {count} layers*1 to 10000*");
    }

    [Fact]
    public void Read_ZeroLayersInTheShortestHeader_ThrowsNamingTheCountNotTheSignature()
    {
        // 4 + 2 + 4 + 8 = 18 bytes: the shortest file that has a whole header and checksum.
        byte[] bytes = WithChecksum(w => { w.Write((ushort)1); w.Write(0); });
        bytes.Should().HaveCount(18);

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage("*declares 0 layers*");
    }

    [Fact]
    public void Read_ShorterThanAHeaderWithValidChecksum_ThrowsNamingTheSignature()
    {
        byte[] bytes = WithChecksum(w => w.Write((ushort)1));

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage("*NNET*");
    }

    [Fact]
    public void Read_OtherVersion_ThrowsNamingBothVersions()
    {
        byte[] bytes = WithChecksum(w => { w.Write((ushort)2); w.Write(1); w.Write(IdentityKind); });

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage("*version 2*reads version 1*");
    }

    [Theory]
    [InlineData((byte)0)]
    [InlineData((byte)7)]
    [InlineData((byte)255)]
    public void Read_UnknownKindCode_ThrowsNamingTheCodeAndLayer(byte kind)
    {
        byte[] bytes = WithChecksum(w => { w.Write((ushort)1); w.Write(2); w.Write(IdentityKind); w.Write(kind); });

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage($"Layer 1 has an unknown kind code {kind}.");
    }

    [Fact]
    public void Read_UnknownInitializationCode_ThrowsNamingTheCode()
    {
        byte[] bytes = WithChecksum(w => { w.Write((ushort)1); w.Write(1); WriteDense(w, 1, 1, initialization: 9, 0f, 0f); });

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage("Layer 0 has an unknown initialization code 9.");
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 0)]
    [InlineData(-2, 3)]
    public void Read_DenseWithNonPositiveSize_ThrowsNamingItsShape(int inputs, int outputs)
    {
        byte[] bytes = WithChecksum(w => { w.Write((ushort)1); w.Write(1); WriteDense(w, inputs, outputs, 0); });

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage($"Layer 0 is a Dense layer of {inputs}×{outputs}, which the file cannot hold.");
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(10, 2)]
    public void Read_DenseLargerThanTheFile_ThrowsNamingItsShapeBeforeReadingValues(int inputs, int outputs)
    {
        // inputs × outputs weights and outputs biases, 4 bytes each: 80 and 88 bytes; the file has 28.
        byte[] bytes = WithChecksum(w => { w.Write((ushort)1); w.Write(1); WriteDense(w, inputs, outputs, 0); });
        bytes.Should().HaveCount(28);

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage($"Layer 0 is a Dense layer of {inputs}×{outputs}, which the file cannot hold.");
    }

    [Fact]
    public void Read_DenseOfIntMaxSquared_ThrowsBeforeTheSizeOverflows()
    {
        // int.MaxValue² + int.MaxValue values: times 4 bytes it wraps a long to a negative number,
        // which alone would pass the "fits in the file" test.
        byte[] bytes = WithChecksum(w => { w.Write((ushort)1); w.Write(1); WriteDense(w, int.MaxValue, int.MaxValue, 0); });

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage("*Dense layer of 2147483647×2147483647*");
    }

    [Fact]
    public void Read_ValuesCutShortBehindAValidChecksum_ThrowsSayingTruncated()
    {
        // 3×2 needs eight floats, 32 bytes: exactly the file's length. The size check rejects only
        // a layer larger than the whole file, so this one is read, and the reader finds one float.
        byte[] bytes = WithChecksum(w =>
        {
            w.Write((ushort)1);
            w.Write(1);
            WriteDense(w, 3, 2, 0, 1f);
        });
        bytes.Should().HaveCount(32);

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage("The model file is truncated.")
            .WithInnerException<EndOfStreamException>();
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Read_NonFiniteWeight_ThrowsNamingLayerAndPosition(float bad)
    {
        byte[] bytes = WithChecksum(w =>
        {
            w.Write((ushort)1);
            w.Write(2);
            w.Write(TanhKind);
            WriteDense(w, 2, 1, 0, 1f, bad, 0f);
        });

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage($"Layer 1 holds a non-finite value ({bad}) at position 1.");
    }

    [Fact]
    public void Read_NonFiniteBias_Throws()
    {
        byte[] bytes = WithChecksum(w => { w.Write((ushort)1); w.Write(1); WriteDense(w, 1, 1, 0, 1f, float.NaN); });

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage("*non-finite*position 0*");
    }

    [Fact]
    public void Read_BytesAfterTheLastLayer_ThrowsSayingSo()
    {
        byte[] bytes = WithChecksum(w => { w.Write((ushort)1); w.Write(1); w.Write(ReLUKind); w.Write(SoftmaxKind); });

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage("*unexpected bytes after its last layer*");
    }

    [Fact]
    public void Read_DenseLayersThatDoNotFit_ThrowsDescribingTheInvalidNetwork()
    {
        byte[] bytes = WithChecksum(w =>
        {
            w.Write((ushort)1);
            w.Write(2);
            WriteDense(w, 1, 2, 0, 1f, 2f, 0f, 0f);
            WriteDense(w, 3, 1, 0, 1f, 2f, 3f, 0f);
        });

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage("The model file describes an invalid network: *outputs 2 values*")
            .WithInnerException<ArgumentException>();
    }

    [Fact]
    public void Read_ChecksumOfOtherBytes_ThrowsNamingTheChecksum()
    {
        byte[] bytes = WithChecksum(w => { w.Write((ushort)1); w.Write(1); w.Write(IdentityKind); });
        bytes[^1] ^= 1;

        Action read = () => ModelFile.Read(new MemoryStream(bytes));

        read.Should().Throw<InvalidDataException>().WithMessage("*checksum*");
    }

    private static void WriteDense(BinaryWriter w, int inputs, int outputs, byte initialization, params float[] values)
    {
        w.Write(DenseKind);
        w.Write(inputs);
        w.Write(outputs);
        w.Write(initialization);
        foreach (float value in values)
        {
            w.Write(value);
        }
    }

    /// <summary>"NNET", then what <paramref name="body"/> writes, then its FNV-1a checksum.</summary>
    private static byte[] WithChecksum(Action<BinaryWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("NNET"u8);
            body(writer);
        }

        byte[] content = buffer.ToArray();
        byte[] file = new byte[content.Length + 8];
        content.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(content.Length), Fnv1a(content));
        return file;
    }

    /// <summary>The 64-bit FNV-1a hash, written from its definition (offset basis, prime).</summary>
    private static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        ulong hash = 0xcbf29ce484222325UL;
        foreach (byte b in data)
        {
            hash ^= b;
            hash *= 0x100000001b3UL;
        }

        return hash;
    }

    private static byte[] Serialize(Sequential model)
    {
        using var stream = new MemoryStream();
        ModelFile.Write(model, stream);
        return stream.ToArray();
    }
}
