using System.Globalization;
using System.Text.Json;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.TestVectors;

/// <summary>
/// One reference file from <c>TestVectors/</c> (schema in TestVectors/README.md): nested JSON arrays
/// read as flat row-major float/double arrays, and tensors built from a key and its <c>K_shape</c> sibling.
/// </summary>
internal sealed class TestVectorFile
{
    private TestVectorFile(string file, JsonElement root)
    {
        File = file;
        Root = root;
    }

    /// <summary>Where the build copies the JSON files (the csproj copies TestVectors/*.json).</summary>
    public static string DirectoryPath => Path.Combine(AppContext.BaseDirectory, "TestVectors");

    public string File { get; }

    public JsonElement Root { get; }

    public string Kind => Root.GetProperty("kind").GetString()!;

    /// <summary>The results of PyTorch's float32 run, which a float32 library is compared with.</summary>
    public JsonElement Expected => Root.GetProperty("expected_float32");

    public static TestVectorFile Load(string file)
    {
        using JsonDocument document = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(DirectoryPath, file)));
        return new TestVectorFile(file, document.RootElement.Clone());
    }

    /// <summary>Every case listed in index.json, as (file, kind).</summary>
    public static IReadOnlyList<(string File, string Kind)> Index()
    {
        TestVectorFile index = Load("index.json");
        var cases = new List<(string, string)>();
        foreach (JsonElement entry in index.Root.GetProperty("cases").EnumerateArray())
        {
            cases.Add((entry.GetProperty("file").GetString()!, entry.GetProperty("kind").GetString()!));
        }

        return cases;
    }

    /// <summary>The files of one kind, as theory data.</summary>
    public static TheoryData<string> FilesOfKind(string kind)
    {
        var data = new TheoryData<string>();
        foreach ((string file, string k) in Index())
        {
            if (k == kind)
            {
                data.Add(file);
            }
        }

        return data;
    }

    /// <summary>A nested numeric array flattened in row-major order, each literal parsed as float32 (the float nearest to it).</summary>
    public static float[] Floats(JsonElement array)
    {
        var values = new List<float>();
        Flatten(array, values, static e => float.Parse(e.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture));
        return [.. values];
    }

    /// <summary>A nested numeric array flattened in row-major order, parsed as float64.</summary>
    public static double[] Doubles(JsonElement array)
    {
        var values = new List<double>();
        Flatten(array, values, static e => double.Parse(e.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture));
        return [.. values];
    }

    /// <summary>The value of <c>parent[key + "_shape"]</c>.</summary>
    public static int[] Shape(JsonElement parent, string key) =>
        [.. parent.GetProperty(key + "_shape").EnumerateArray().Select(e => e.GetInt32())];

    /// <summary>A float32 tensor from <c>parent[key]</c> with the shape <c>parent[key + "_shape"]</c>.</summary>
    public static Tensor Tensor(JsonElement parent, string key) =>
        new(Floats(parent.GetProperty(key)), Shape(parent, key));

    public static float Float(JsonElement parent, string key) =>
        float.Parse(parent.GetProperty(key).GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static double Double(JsonElement parent, string key) =>
        double.Parse(parent.GetProperty(key).GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public Tensor Tensor(string key) => Tensor(Root, key);

    private static void Flatten<T>(JsonElement element, List<T> values, Func<JsonElement, T> parse)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray())
            {
                Flatten(item, values, parse);
            }
        }
        else
        {
            values.Add(parse(element));
        }
    }
}
