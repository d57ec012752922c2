using System.Buffers.Binary;
using System.Diagnostics;
using NeuralNet.Layers;
using NeuralNet.Serialization;
using Xunit.Abstractions;

namespace NeuralNet.Tests.Serialization;

/// <summary>
/// Loading costs memory bounded by what a file's checked header justifies, never by what its
/// length fields claim: huge, endless, sparse and crafted inputs fail with InvalidDataException.
/// </summary>
public sealed class ModelFileHostileInputTests(ITestOutputHelper output) : IDisposable
{
    private const long Budget = 100L << 20;
    private readonly string _directory = Directory.CreateTempSubdirectory("nnet-hostile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Serialization", "Fixtures", "version1.nnet");

    /// <summary>Runs a load that must fail, and returns the bytes it allocated.</summary>
    private long AllocatedByFailingLoad(Func<Sequential> load, string because)
    {
        var watch = Stopwatch.StartNew();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Action act = () => load();
        string message = act.Should().Throw<InvalidDataException>(because).Which.Message;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{allocated} bytes allocated in {watch.ElapsedMilliseconds} ms: {message}");
        return allocated;
    }

    [UnixFact]
    public void Load_DevZero_ThrowsInvalidDataExceptionWithoutAllocating()
    {
        long allocated = AllocatedByFailingLoad(() => ModelFile.Load("/dev/zero"), "an endless run of zeros is no model");

        allocated.Should().BeLessThan(Budget);
    }

    [Fact]
    public void Load_Sparse3GiBFile_ThrowsInvalidDataExceptionWithoutAllocating()
    {
        string path = Path.Combine(_directory, "sparse.nnet");
        using (var file = new FileStream(path, FileMode.CreateNew))
        {
            file.SetLength(3L << 30);
        }

        long allocated = AllocatedByFailingLoad(() => ModelFile.Load(path), "3 GiB of zeros is no model");

        allocated.Should().BeLessThan(Budget);
    }

    [Fact]
    public void Load_Sparse3GiBFileWithAValidHeaderClaimingA128MiBLayer_ChecksBeforeAllocating()
    {
        // A genuine MODL section (its checksum passes) for one Dense(4096, 8192) layer, and a
        // PARM header of the right length, then zeros to 3 GiB: everything the header says
        // fits in the file, so only the checksum ahead can spare the 256 MiB of value and gradient.
        byte[] valid = NnetBytes.Serialize(new Sequential(new Dense(1, 1)));
        List<NnetBytes.Section> sections = NnetBytes.Sections(valid);
        byte[] prefix = [.. valid.AsSpan(0, sections[1].PayloadStart)];
        BinaryPrimitives.WriteInt32LittleEndian(prefix.AsSpan(sections[0].PayloadStart + 5), 4096);
        BinaryPrimitives.WriteInt32LittleEndian(prefix.AsSpan(sections[0].PayloadStart + 9), 8192);
        BinaryPrimitives.WriteUInt64LittleEndian(prefix.AsSpan(sections[1].LengthField), 4 + (4UL * 4096 * 8192));
        NnetBytes.Reseal(prefix);
        string path = Path.Combine(_directory, "crafted.nnet");
        using (var file = new FileStream(path, FileMode.CreateNew))
        {
            file.Write(prefix);
            file.SetLength(3L << 30);
        }

        long allocated = AllocatedByFailingLoad(() => ModelFile.Load(path), "the layer's bytes are zeros that fail its checksum");

        allocated.Should().BeLessThan(Budget);
    }

    [Theory]
    [InlineData(0)] // MODL
    [InlineData(1)] // a PARM section
    [InlineData(3)] // the inserted optional section
    public void Read_LengthFieldSetHuge_IsRefusedAtOnce(int section)
    {
        byte[] bytes = NnetBytes.InsertSection(
            NnetBytes.Serialize(new Sequential(new Dense(3, 2), new Sigmoid())), index: 3, "meta", new byte[8]);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(NnetBytes.Sections(bytes)[section].LengthField), ulong.MaxValue - 7);
        var watch = Stopwatch.StartNew();

        long allocated = AllocatedByFailingLoad(() => ModelFile.Read(new MemoryStream(bytes)), "a length beyond the file is refused");

        allocated.Should().BeLessThan(1L << 20);
        // Reading or skipping 2⁶⁴ bytes would take forever; a second is generous for a shared,
        // loaded machine (100 ms failed once under a load of 30 on 2 cores).
        watch.ElapsedMilliseconds.Should().BeLessThan(1000);
    }

    [Fact]
    public void Read_Version1OverAStreamThatCannotSeek_Loads()
    {
        byte[] bytes = File.ReadAllBytes(Fixture);

        Sequential fromPipe = ModelFile.Read(new OneWayStream(bytes));

        fromPipe.Parameters.Select(p => p.Value.AsSpan().ToArray()).Should().BeEquivalentTo(
            ModelFile.Load(Fixture).Parameters.Select(p => p.Value.AsSpan().ToArray()), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Read_Version2OverAStreamThatCannotSeek_Loads()
    {
        var model = new Sequential(new Dense(5, 4, seed: 1), new ReLU(), new Dense(4, 2, seed: 2));

        Sequential fromPipe = ModelFile.Read(new OneWayStream(NnetBytes.Serialize(model)));

        fromPipe.Parameters.Select(p => p.Value.AsSpan().ToArray()).Should().BeEquivalentTo(
            model.Parameters.Select(p => p.Value.AsSpan().ToArray()), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Read_Version1HeaderClaimingAHugeLayerOverAStreamThatCannotSeek_AllocatesOnlyWhatArrives()
    {
        // Version 1 has no checksum before the values, and a pipe cannot be checked ahead: the
        // values are gathered in an array that doubles as they come (about 4 bytes allocated per
        // byte that arrived). 8 MiB arrive for a layer that claims 4 GiB.
        byte[] header = new byte[6 + 4 + 10];
        "NNET"u8.CopyTo(header);
        header[4] = 1;
        header[6] = 1;
        header[10] = LayerRecord.DenseKind;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(11), 32768);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(15), 32767);

        long allocated = AllocatedByFailingLoad(
            () => ModelFile.Read(new OneWayStream(header, zeros: 8L << 20)), "the stream ends long before the layer does");

        allocated.Should().BeLessThan(40L << 20);
    }

    [Fact]
    public void Read_Version2SealedHeaderClaimingAHugeLayerOverAStreamThatCannotSeek_AllocatesOnlyWhatArrives()
    {
        // A valid MODL checksum for one Dense(32768, 32767) layer: a pipe cannot be checked
        // ahead, so even a sealed header gets only what the bytes that arrive justify.
        byte[] valid = NnetBytes.Serialize(new Sequential(new Dense(1, 1)));
        List<NnetBytes.Section> sections = NnetBytes.Sections(valid);
        byte[] prefix = [.. valid.AsSpan(0, sections[1].PayloadStart)];
        BinaryPrimitives.WriteInt32LittleEndian(prefix.AsSpan(sections[0].PayloadStart + 5), 32768);
        BinaryPrimitives.WriteInt32LittleEndian(prefix.AsSpan(sections[0].PayloadStart + 9), 32767);
        BinaryPrimitives.WriteUInt64LittleEndian(prefix.AsSpan(sections[1].LengthField), 4 + (4UL * 32768 * 32767));
        NnetBytes.Reseal(prefix);

        long allocated = AllocatedByFailingLoad(
            () => ModelFile.Read(new OneWayStream(prefix, zeros: 8L << 20)), "the stream ends long before the layer does");

        allocated.Should().BeLessThan(40L << 20);
    }

    [Fact]
    public void Read_Version1FixtureCutOrFlipped_ThrowsInvalidDataException()
    {
        byte[] bytes = File.ReadAllBytes(Fixture);
        for (int length = 0; length < bytes.Length; length++)
        {
            Action cut = () => ModelFile.Read(new MemoryStream(bytes, 0, length));
            cut.Should().Throw<InvalidDataException>($"a version-1 file cut to {length} of {bytes.Length} bytes is incomplete");
            Action cutPipe = () => ModelFile.Read(new OneWayStream(bytes[..length]));
            cutPipe.Should().Throw<InvalidDataException>($"a version-1 stream cut to {length} of {bytes.Length} bytes is incomplete");
        }

        for (int i = 6; i < bytes.Length; i++)
        {
            byte[] flipped = [.. bytes];
            flipped[i] ^= 0x04;
            Action read = () => ModelFile.Read(new MemoryStream(flipped));
            read.Should().Throw<InvalidDataException>($"byte {i} of a version-1 file was flipped");
        }
    }
}
