using System.Buffers.Binary;
using System.Text;
using NeuralNet.Interop;
using NeuralNet.Layers;
using NeuralNet.Tests.Serialization;

namespace NeuralNet.Tests.Interop;

/// <summary>
/// Files that lie: each is refused with an <see cref="InvalidDataException"/> that says what is
/// wrong, before anything the lie would cost is allocated.
/// </summary>
public sealed class SafetensorsHostileInputTests : IDisposable
{
    private const string Entry = "{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}";
    private static readonly byte[] s_valid = SafetensorsBytes.Save(OneByOne());
    private readonly string _directory = Directory.CreateTempSubdirectory("safetensors-hostile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // 0.weight [1, 1] at [0, 4), 0.bias [1] at [4, 8) once saved.
    private static Sequential OneByOne() => new(new Dense(1, 1, seed: 1));

    private static string Refused(byte[] file, bool pipe = false)
    {
        Stream stream = pipe ? new OneWayStream(file) : new MemoryStream(file, writable: false);
        Action load = () => OneByOne().LoadStateDict(stream);
        return load.Should().Throw<InvalidDataException>().Which.Message;
    }

    private static byte[] Header(string json, int dataLength = 8) => SafetensorsBytes.Build(json, new byte[dataLength]);

    private static byte[] WithLengthField(ulong length)
    {
        byte[] file = [.. s_valid];
        BinaryPrimitives.WriteUInt64LittleEndian(file, length);
        return file;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void Load_ShorterThanTheLengthField_IsRefused(int length) =>
        Refused(new byte[length]).Should().Contain("starts with an 8-byte header length");

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(100_000_001UL)]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 63)]
    public void Load_HeaderLengthOutOfBounds_IsRefused(ulong length)
    {
        Refused(WithLengthField(length)).Should().Contain($"header length is {length} bytes; it must be 2 to 100000000");
        Refused(WithLengthField(length), pipe: true).Should().Contain("header length");
    }

    [Fact]
    public void Load_HeaderLengthBeyondTheFile_IsRefusedBeforeAllocating()
    {
        byte[] file = WithLengthField(99_000_000);
        long before = GC.GetAllocatedBytesForCurrentThread();

        Refused(file).Should().Contain("the file has only");
        Refused(file, pipe: true).Should().Contain("ends inside its header");

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20, "the header is read only as far as the bytes go");
    }

    [Fact]
    public void Load_DataSectionTruncatedOrLonger_IsRefused()
    {
        Refused(s_valid[..^1]).Should().Contain("truncated: its data section holds 7 bytes; its tensors take 8");
        Refused(s_valid[..^1], pipe: true).Should().Contain("ends inside tensor '0.weight' (3 of its 4 bytes)");
        Refused([.. s_valid, 0]).Should().Contain("1 bytes after its last tensor");
        Refused([.. s_valid, 0], pipe: true).Should().Contain("goes on after its last tensor");
    }

    [Fact]
    public void Load_HugeDeclaredTensorInASmallFile_IsRefusedWithoutAllocatingIt()
    {
        byte[] file = Header(
            "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[32768,32768],\"data_offsets\":[0,4294967296]}," +
            "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4294967296,4294967300]}}");
        long before = GC.GetAllocatedBytesForCurrentThread();

        Refused(file).Should().Contain("truncated");
        Refused(file, pipe: true).Should().Contain("'0.weight' has shape [32768, 32768] in the file; layer 0 (Dense(1→1)) needs [1, 1]");

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', 0xFF, (byte)'}' }, "not valid UTF-8")]
    [InlineData(new byte[] { (byte)'{', (byte)'"', 0xC3, (byte)'"', (byte)'}' }, "not valid UTF-8")]
    public void Load_HeaderNotUtf8_IsRefused(byte[] header, string message)
    {
        var file = new byte[8 + header.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);

        Refused(file).Should().Contain(message);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"0.weight\":", "not valid JSON")]
    [InlineData("{} trailing", "not valid JSON")]
    [InlineData("[1, 2]", "is a JSON array; it must be an object of tensors")]
    [InlineData("\"text\"", "is a JSON string")]
    [InlineData("{\"__metadata__\":{\"a\":{\"b\":{}}}}", "maximum configured depth of 3")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[[1]],\"data_offsets\":[0,4]}}", "maximum configured depth of 3")]
    [InlineData("{\"\\ud800\":" + Entry + "}", "not valid JSON")]
    [InlineData("{\"0.weight\":" + Entry + ",\"0.weight\":" + Entry + "}", "names '0.weight' twice")]
    public void Load_MalformedJson_IsRefused(string header, string message) => Refused(Header(header)).Should().Contain(message);

    [Theory]
    [InlineData("{\"__metadata__\":[\"a\"]}", "'__metadata__' is a JSON array")]
    [InlineData("{\"__metadata__\":{\"format\":1}}", "maps 'format' to a JSON number")]
    [InlineData("{\"0.weight\":7}", "described by a JSON number")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1]}}", "lacks one of dtype, shape and data_offsets")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}}", "the field 'dtype' twice")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4],\"extra\":1}}", "the field 'extra'")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F16\",\"shape\":[1,1],\"data_offsets\":[0,2]}}", "dtype F16; this library reads F32 tensors only")]
    [InlineData("{\"0.weight\":{\"dtype\":\"BF16\",\"shape\":[1,1],\"data_offsets\":[0,2]}}", "dtype BF16")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8]}}", "dtype F64")]
    [InlineData("{\"0.weight\":{\"dtype\":\"I64\",\"shape\":[1,1],\"data_offsets\":[0,8]}}", "dtype I64, which only BatchNorm's num_batches_tracked may have")]
    [InlineData("{\"0.weight\":{\"dtype\":32,\"shape\":[1,1],\"data_offsets\":[0,4]}}", "a dtype that is a JSON number")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":{},\"data_offsets\":[0,4]}}", "shape that is not an array")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,1,1],\"data_offsets\":[0,4]}}", "at most 8 dimensions")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[-1,1],\"data_offsets\":[0,4]}}", "the dimension -1; dimensions are integers ≥ 0")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1.5,1],\"data_offsets\":[0,4]}}", "the dimension 1.5")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[\"1\",1],\"data_offsets\":[0,4]}}", "the dimension \"1\"")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]}}", "the dimension 99999999999999999999")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536,65536],\"data_offsets\":[0,4]}}", "more than 1073741824 elements")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[2147483648],\"data_offsets\":[0,4]}}", "more than 1073741824 elements")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,8]}}", "8 bytes, but its shape [1, 1] of F32 takes 4")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[4,0]}}", "0 ≤ begin ≤ end")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[-4,0]}}", "0 ≤ begin ≤ end")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4,8]}}", "expected [begin, end]")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4e0]}}", "expected [begin, end]")]
    [InlineData("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[9223372036854775800,9223372036854775804]}}", "expected [begin, end]")]
    public void Load_BadTensorDescription_IsRefusedNamingIt(string header, string message) => Refused(Header(header)).Should().Contain(message);

    [Theory]
    [InlineData("[0,4]", "[2,6]", "Tensors '0.weight' [0, 4) and '0.bias' [2, 6) overlap")]
    [InlineData("[0,4]", "[0,4]", "Tensors '0.weight' [0, 4) and '0.bias' [0, 4) overlap")]
    [InlineData("[0,4]", "[5,9]", "Bytes [4, 5) of the data section belong to no tensor")]
    [InlineData("[4,8]", "[8,12]", "Bytes [0, 4) of the data section belong to no tensor")]
    public void Load_RangesThatOverlapOrLeaveGaps_AreRefused(string weight, string bias, string message)
    {
        string header = $"{{\"0.weight\":{{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":{weight}}},\"0.bias\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":{bias}}}}}";

        Refused(Header(header, dataLength: 12)).Should().Contain(message);
    }

    [Fact]
    public void Load_MoreThanTheTensorLimit_IsRefused()
    {
        var header = new StringBuilder("{");
        for (int i = 0; i <= 100_000; i++)
        {
            header.Append(i == 0 ? "" : ",").Append("\"t").Append(i).Append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
        }

        Refused(Header(header.Append('}').ToString(), dataLength: 0)).Should().Contain("more than 100000 tensors");
    }

    [Fact]
    public void Load_ValidFileThroughAPipe_Loads()
    {
        Sequential original = SafetensorsBytes.SmallNetwork(seed: 1), model = SafetensorsBytes.SmallNetwork(seed: 5);

        model.LoadStateDict(new OneWayStream(SafetensorsBytes.Save(original)));

        SafetensorsBytes.Save(model).Should().Equal(SafetensorsBytes.Save(original));
    }

    [Fact]
    public void Load_HeaderWithoutPaddingOrMetadataAndOtherKeyOrder_Loads()
    {
        byte[] file = SafetensorsBytes.Build(
            "{\"0.bias\":{\"data_offsets\":[0,4],\"shape\":[1],\"dtype\":\"F32\"},\"0.weight\":{\"shape\":[1,1],\"dtype\":\"F32\",\"data_offsets\":[4,8]}}",
            [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]);
        Sequential model = OneByOne();

        SafetensorsBytes.Load(model, file);

        ((Dense)model.Layers[0]).Bias.Value[0].Should().Be(1f);
        ((Dense)model.Layers[0]).Weight.Value[0, 0].Should().Be(2f);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Action load = () => OneByOne().LoadStateDict(Path.Combine(_directory, "absent.safetensors"));

        load.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void Load_FileOnDisk_Loads()
    {
        string path = Path.Combine(_directory, "model.safetensors");
        File.WriteAllBytes(path, s_valid);
        Sequential model = new(new Dense(1, 1, seed: 7));

        model.LoadStateDict(path);

        SafetensorsBytes.Save(model).Should().Equal(s_valid);
    }

    [Fact]
    public void LoadAndSave_BadArguments_ThrowArgumentExceptions()
    {
        Sequential model = OneByOne();
        using var unreadable = new UnreadableStream();

        ((Action)(() => Safetensors.LoadStateDict(null!, "x.safetensors"))).Should().Throw<ArgumentNullException>();
        ((Action)(() => Safetensors.LoadStateDict(null!, new MemoryStream()))).Should().Throw<ArgumentNullException>();
        ((Action)(() => model.LoadStateDict((string)null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => model.LoadStateDict(" "))).Should().Throw<ArgumentException>();
        ((Action)(() => model.LoadStateDict((Stream)null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => model.LoadStateDict(unreadable))).Should().Throw<ArgumentException>().WithParameterName("stream");
        ((Action)(() => Safetensors.SaveStateDict(null!, "x.safetensors"))).Should().Throw<ArgumentNullException>();
        ((Action)(() => Safetensors.SaveStateDict(null!, new MemoryStream()))).Should().Throw<ArgumentNullException>();
        ((Action)(() => model.SaveStateDict((string)null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => model.SaveStateDict(""))).Should().Throw<ArgumentException>();
        ((Action)(() => model.SaveStateDict((Stream)null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => model.SaveStateDict(new MemoryStream([], writable: false)))).Should().Throw<ArgumentException>().WithParameterName("stream");
    }

    private sealed class UnreadableStream : MemoryStream
    {
        public override bool CanRead => false;
    }
}
