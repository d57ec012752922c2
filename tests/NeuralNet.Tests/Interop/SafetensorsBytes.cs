using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralNet.Interop;
using NeuralNet.Layers;

namespace NeuralNet.Tests.Interop;

/// <summary>
/// A test-side reading of safetensors bytes, written from the format's description and
/// independent of the library's reader: to compare files tensor by tensor and to craft bad ones.
/// </summary>
internal static class SafetensorsBytes
{
    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Interop", "Fixtures", name);

    public static byte[] Fixture(string name) => File.ReadAllBytes(FixturePath(name));

    public static byte[] Save(Sequential model)
    {
        using var stream = new MemoryStream();
        model.SaveStateDict(stream);
        return stream.ToArray();
    }

    public static void Load(Sequential model, byte[] file)
    {
        using var stream = new MemoryStream(file, writable: false);
        model.LoadStateDict(stream);
    }

    public static int HeaderLength(byte[] file) => checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file));

    public static string HeaderText(byte[] file) => Encoding.UTF8.GetString(file, 8, HeaderLength(file));

    public static JsonObject Header(byte[] file) => JsonNode.Parse(HeaderText(file))!.AsObject();

    public static byte[] Data(byte[] file) => file[(8 + HeaderLength(file))..];

    /// <summary>Each tensor's name and its bytes in the data section.</summary>
    public static Dictionary<string, byte[]> Tensors(byte[] file)
    {
        byte[] data = Data(file);
        var tensors = new Dictionary<string, byte[]>();
        foreach ((string name, JsonNode? entry) in Header(file))
        {
            if (name != "__metadata__")
            {
                JsonArray offsets = entry!["data_offsets"]!.AsArray();
                tensors[name] = data[(int)offsets[0]!..(int)offsets[1]!];
            }
        }

        return tensors;
    }

    /// <summary>A file with the given header text (unpadded) and data.</summary>
    public static byte[] Build(string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        data.CopyTo(file, 8 + json.Length);
        return file;
    }

    /// <summary>The file with its header replaced by <paramref name="edit"/>'s result, the data kept.</summary>
    public static byte[] EditHeader(byte[] file, Action<JsonObject> edit)
    {
        JsonObject header = Header(file);
        edit(header);
        return Build(header.ToJsonString(), Data(file));
    }

    /// <summary>The file with its header text run through a string replacement, the data kept.</summary>
    public static byte[] ReplaceInHeader(byte[] file, string from, string to)
    {
        string text = HeaderText(file);
        text.Should().Contain(from);
        return Build(text.Replace(from, to, StringComparison.Ordinal), Data(file));
    }

    /// <summary>A small network with every kind of tensor: a standardization, dense layers, activations.</summary>
    public static Sequential SmallNetwork(int seed = 1) => new(
        new Standardization([5.8f, 3.0f, -3.7f], [0.8f, 0.4f, 1.7f]),
        new Dense(3, 5, seed: seed), new Tanh(), new Dense(5, 4, WeightInitialization.He, seed: seed + 1), new ReLU(),
        new Dense(4, 2, seed: seed + 2), new Softmax());

    public static float[] FloatsOf(byte[] bytes)
    {
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        }

        return values;
    }

    public static float[] Values(JsonElement array) => [.. array.EnumerateArray().SelectMany(row => row.EnumerateArray()).Select(v => v.GetSingle())];
}
