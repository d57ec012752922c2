using System.Buffers.Binary;
using NeuralNet.Layers;
using NeuralNet.Serialization;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Serialization;

/// <summary>
/// BatchNorm in the file (kind 14: a 21-byte record and four tensors) and Dense without a bias (the
/// high bit of the initialization byte, one tensor).
/// </summary>
public sealed class ModelFileBatchNormTests
{
    // MODL payload: layer count, Dense record (10 bytes), then the BatchNorm record.
    private const int BatchNormRecord = 4 + 10;

    private static Sequential Model()
    {
        var norm = new BatchNorm(4, epsilon: 1e-3f, momentum: 0.2f);
        new Sequential(norm) { IsTraining = true }.Forward(TestData.Matrix(6, 4, seed: 8, min: -2f, max: 5f));
        norm.Forward(TestData.Matrix(5, 4, seed: 9, min: 0f, max: 1f)); // two batches: running statistics away from the defaults
        TestData.Uniform(4, 0.5f, 2f, seed: 3).CopyTo(norm.Gamma.Value.AsSpan());
        TestData.Uniform(4, -1f, 1f, seed: 4).CopyTo(norm.Beta.Value.AsSpan());
        return new Sequential(new Dense(3, 4, bias: false, seed: 1), norm, new ReLU(), new Dense(4, 2, seed: 2));
    }

    private static Sequential Read(byte[] bytes) => ModelFile.Read(new MemoryStream(bytes, writable: false));

    [Fact]
    public void SaveThenRead_KeepsHyperparametersStatisticsCounterAndPredictionsBitForBit()
    {
        Sequential model = Model();
        var norm = (BatchNorm)model.Layers[1];
        byte[] bytes = NnetBytes.Serialize(model);
        Tensor x = TestData.Matrix(7, 3, seed: 5, min: -3f, max: 3f);

        Sequential loaded = Read(bytes);

        var read = (BatchNorm)loaded.Layers[1];
        (read.Features, read.Epsilon, read.Momentum, read.BatchesTracked).Should().Be((4, 1e-3f, 0.2f, 2L));
        read.RunningMean.AsSpan().ToArray().Should().Equal(norm.RunningMean.AsSpan().ToArray());
        read.RunningVariance.AsSpan().ToArray().Should().Equal(norm.RunningVariance.AsSpan().ToArray());
        read.Gamma.Value.AsSpan().ToArray().Should().Equal(norm.Gamma.Value.AsSpan().ToArray());
        read.Beta.Value.AsSpan().ToArray().Should().Equal(norm.Beta.Value.AsSpan().ToArray());
        ((Dense)loaded.Layers[0]).HasBias.Should().BeFalse();
        loaded.Predict(x).AsSpan().ToArray().Should().Equal(model.Predict(x).AsSpan().ToArray());
        NnetBytes.Serialize(loaded).Should().Equal(bytes);
    }

    [Fact]
    public void File_HasTheDocumentedRecordsAndOneParmSectionPerStoredTensor()
    {
        byte[] bytes = NnetBytes.Serialize(Model());
        List<NnetBytes.Section> sections = NnetBytes.Sections(bytes);
        NnetBytes.Section modl = sections.Single(s => s.Tag == "MODL");
        int record = modl.PayloadStart + BatchNormRecord;

        (bytes[modl.PayloadStart + 4 + 9] & 0x80).Should().Be(0x80, "the first Dense layer has no bias");
        bytes[record].Should().Be(14);
        BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(record + 1)).Should().Be(4);
        BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(record + 5)).Should().Be(1e-3f);
        BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(record + 9)).Should().Be(0.2f);
        BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(record + 13)).Should().Be(2);
        modl.Length.Should().Be(4 + 10 + 21 + 1 + 10);

        // Dense without bias: weight only; BatchNorm: γ, β, running mean, running variance; Dense: weight, bias.
        sections.Count(s => s.Tag == "PARM").Should().Be(1 + 4 + 2);
    }

    [Theory]
    [InlineData(5, float.NaN, "*Layer 1*BatchNorm*epsilon NaN*")]
    [InlineData(5, 0f, "*Layer 1*BatchNorm*epsilon 0*")]
    [InlineData(9, 1.5f, "*Layer 1*BatchNorm*momentum 1.5*")]
    [InlineData(9, -0.5f, "*Layer 1*BatchNorm*momentum -0.5*")]
    public void Read_HyperparameterOutOfRange_IsRefusedAsCorrupt(int offset, float value, string message)
    {
        byte[] bytes = NnetBytes.Serialize(Model());
        NnetBytes.Section modl = NnetBytes.Sections(bytes).Single(s => s.Tag == "MODL");
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(modl.PayloadStart + BatchNormRecord + offset), value);
        NnetBytes.Reseal(bytes);

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void Read_NegativeBatchCount_IsRefusedAsCorrupt()
    {
        byte[] bytes = NnetBytes.Serialize(Model());
        NnetBytes.Section modl = NnetBytes.Sections(bytes).Single(s => s.Tag == "MODL");
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(modl.PayloadStart + BatchNormRecord + 13), -1);
        NnetBytes.Reseal(bytes);

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage("*Layer 1*BatchNorm*tracked -1 batches*");
    }

    [Fact]
    public void Read_NegativeRunningVariance_IsRefusedAsCorrupt()
    {
        byte[] bytes = NnetBytes.Serialize(Model());
        NnetBytes.Section variance = NnetBytes.Sections(bytes).Where(s => s.Tag == "PARM").ElementAt(4); // after W₀, γ, β, mean
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(variance.PayloadStart + 4 + 8), -0.5f);
        NnetBytes.Reseal(bytes);

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage("*Layer 1*running variance*negative value -0.5 at index 2*");
    }

    [Fact]
    public void Read_BatchNormWhoseWidthDiffersFromTheDenseBefore_IsRefused()
    {
        byte[] bytes = NnetBytes.Serialize(Model());
        NnetBytes.Section modl = NnetBytes.Sections(bytes).Single(s => s.Tag == "MODL");
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(modl.PayloadStart + BatchNormRecord + 1), 5);
        NnetBytes.Reseal(bytes);

        Action read = () => Read(bytes);

        read.Should().Throw<InvalidDataException>().WithMessage("*Layer 1 is a BatchNorm layer of 5 inputs*outputs 4 values*");
    }

    [Fact]
    public void Save_NonFiniteRunningStatistic_IsRefusedAndWritesNothing()
    {
        Sequential model = Model();
        ((BatchNorm)model.Layers[1]).RunningMean[1] = float.NaN;
        var stream = new MemoryStream();

        Action save = () => ModelFile.Write(model, stream);

        save.Should().Throw<InvalidOperationException>().WithMessage("*Layer 1 (BatchNorm(4))*'running_mean'*NaN at index 1*");
        stream.Length.Should().Be(0);
    }

    [Fact]
    public void DenseWithoutBias_HasOnlyItsWeight_AndRefusesToHandOutABias()
    {
        var dense = new Dense(3, 2, bias: false, seed: 1);

        dense.Parameters.Should().Equal(dense.Weight);
        dense.Name.Should().Be("Dense(3→2, no bias)");
        ((Func<Parameter>)(() => dense.Bias)).Should().Throw<InvalidOperationException>().WithMessage("*no bias*");
        var x = new Tensor([1f, 2f, 3f], 1, 3);
        float[] y = new Sequential(dense).Predict(x).AsSpan().ToArray();
        y[0].Should().BeApproximately((dense.Weight.Value[0, 0] * 1f) + (dense.Weight.Value[1, 0] * 2f) + (dense.Weight.Value[2, 0] * 3f), 1e-6f);
    }
}
