using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NeuralNet.Data;
using NeuralNet.Tensors;
using nietras.SeparatedValues;

namespace NeuralNet.Benchmarks;

/// <summary>
/// Reading a ~100 MB numeric CSV (500,000 rows of 20 features and a target, 6-decimal values) with our
/// parser and with Sep, the fastest .NET CSV parser we know of, into the same <see cref="Dataset"/>.
/// The file is generated into a temporary folder at setup and deleted afterwards.
/// </summary>
/// <remarks>
/// <para>
/// "Dataset": the whole route a user takes — ours is <see cref="Dataset.FromCsv(string, string, CsvOptions?)"/>
/// with a regression target; Sep's is its reader with <c>Col.Parse&lt;float&gt;()</c> (its csFastFloat
/// port) into the same lists and tensors. "Fields": splitting into fields only, touching each field's
/// length, to show what the tokenizer costs apart from number parsing.
/// </para>
/// <para>
/// Run: <c>dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --filter '*CsvBenchmarks*'</c>.
/// A ratio above 1 means slower than ours (ours is the baseline of each category).
/// </para>
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class CsvBenchmarks
{
    private const int Rows = 500_000;
    private const int Features = 20;

    private string _directory = "";
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("neuralnet-csvbench-").FullName;
        _path = Path.Combine(_directory, "numeric.csv");
        var random = new Random(1);
        using var writer = new StreamWriter(_path, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        writer.Write(string.Join(',', Enumerable.Range(0, Features).Select(i => $"x{i}")));
        writer.Write(",y\n");
        var line = new StringBuilder();
        for (int r = 0; r < Rows; r++)
        {
            line.Clear();
            for (int c = 0; c <= Features; c++)
            {
                line.Append(((random.NextDouble() * 200) - 100).ToString("F6", CultureInfo.InvariantCulture));
                line.Append(c < Features ? ',' : '\n');
            }

            writer.Write(line);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Dataset")]
    public Dataset Ours() => Dataset.FromCsv(_path, target: "y", new CsvOptions { Target = TargetKind.Regression });

    [Benchmark]
    [BenchmarkCategory("Dataset")]
    public Dataset Sep()
    {
        using SepReader reader = nietras.SeparatedValues.Sep.Reader().FromFile(_path);
        int target = reader.Header.IndexOf("y");
        var features = new List<float>();
        var targets = new List<float>();
        int rows = 0;
        foreach (SepReader.Row row in reader)
        {
            for (int c = 0; c < row.ColCount; c++)
            {
                float value = row[c].Parse<float>();
                (c == target ? targets : features).Add(value);
            }

            rows++;
        }

        return new Dataset(
            new Tensor(CollectionsMarshal.AsSpan(features), rows, features.Count / rows),
            new Tensor(CollectionsMarshal.AsSpan(targets), rows, 1));
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Fields")]
    public long OursFields()
    {
        using var text = new StreamReader(_path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var reader = new CsvRecordReader(text, _path, maxRecordLength: 1 << 20, maxColumns: 16_384);
        long total = 0;
        while (reader.Read())
        {
            for (int c = 0; c < reader.FieldCount; c++)
            {
                total += reader[c].Length;
            }
        }

        return total;
    }

    [Benchmark]
    [BenchmarkCategory("Fields")]
    public long SepFields()
    {
        using SepReader reader = nietras.SeparatedValues.Sep.Reader(o => o with { HasHeader = false }).FromFile(_path);
        long total = 0;
        foreach (SepReader.Row row in reader)
        {
            for (int c = 0; c < row.ColCount; c++)
            {
                total += row[c].Span.Length;
            }
        }

        return total;
    }
}
