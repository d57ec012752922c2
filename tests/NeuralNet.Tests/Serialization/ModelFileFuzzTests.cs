using System.Buffers.Binary;
using System.Diagnostics;
using NeuralNet.Layers;
using NeuralNet.Serialization;
using Xunit.Abstractions;

namespace NeuralNet.Tests.Serialization;

/// <summary>
/// Deterministic mutation fuzzing of version-2 files: every mutated file either loads or fails
/// with <see cref="InvalidDataException"/>, each load within 100 ms.
/// </summary>
/// <remarks>
/// Half the mutants are "resealed": their checksums are recomputed after the mutation (walking
/// the sections by their possibly mutated lengths), so that the mutation reaches the parser's
/// bounds checks instead of stopping at the first checksum. A resealed mutant may load — a
/// weight changed to another finite value, a byte changed in the optional section, the
/// initialization code flipped between Glorot and He are all valid files. An unsealed mutant
/// loads only if the mutation left the bytes as they were (a byte "changed" to its own value):
/// any real change meets a CRC-32C, which a random change passes with odds of 1 in 2³².
/// A quarter of the loads go through a stream that cannot seek, which takes the other path
/// through the reader.
/// </remarks>
public sealed class ModelFileFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 12_000;
    private const int Seed = 20_260_9;
    private static readonly TimeSpan s_loadLimit = TimeSpan.FromMilliseconds(100);

    private static readonly string[] s_kinds =
    [
        "bit flips", "byte set", "truncation", "insertion", "deletion", "length field huge", "length field off by a little",
        "architecture byte", "section dropped", "section duplicated",
    ];

    [Fact]
    public void Read_12000MutatedFiles_OnlyLoadOrThrowInvalidDataException_EachWithin100Ms()
    {
        var model = new Sequential(
            new Standardization([5.8f, 3.0f, -3.7f, 1.2f, 0f, 100f], [0.8f, 0.4f, 1.7f, 0.75f, 1f, 20f]),
            new Dense(6, 8, seed: 1), new Tanh(), new Dense(8, 5, WeightInitialization.He, seed: 2), new ReLU(),
            new Dense(5, 3, seed: 3), new Softmax());
        model.Metadata = new ModelMetadata
        {
            ClassNames = ["setosa", "versicolor", "virginica"],
            FeatureNames = ["a", "b", "c", "d", "é", "∂"],
            Task = ModelTask.MultiClassClassification,
            Training = new TrainingMetadata
            {
                TrainedAt = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), Epochs = 30, LibraryVersion = "1.0.0",
                FinalMetrics = new Dictionary<string, double> { ["loss"] = 0.05, ["accuracy"] = 0.97 },
            },
        };
        byte[] original = NnetBytes.InsertSection(NnetBytes.Serialize(model), index: 6, "xtra", "an optional section no reader knows"u8.ToArray());
        var random = new Random(Seed);
        var loaded = new int[s_kinds.Length];
        var rejected = new int[s_kinds.Length];
        var wrong = new List<string>();
        TimeSpan slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();

        for (int i = 0; i < Cases; i++)
        {
            int kind = i % s_kinds.Length;
            bool reseal = random.Next(2) == 0;
            bool pipe = random.Next(4) == 0;
            byte[] mutant = Mutate(original, kind, random);
            if (reseal)
            {
                NnetBytes.Reseal(mutant);
            }

            (Exception? error, TimeSpan time) = TimedLoad(mutant, pipe);
            if (time > s_loadLimit)
            {
                // Once more, to tell a slow load from a thread descheduled on a busy machine.
                time = TimeSpan.FromTicks(Math.Min(time.Ticks, TimedLoad(mutant, pipe).Time.Ticks));
            }

            slowest = time > slowest ? time : slowest;
            string name = $"case {i} ({s_kinds[kind]}{(reseal ? ", resealed" : "")}{(pipe ? ", pipe" : "")})";
            if (time > s_loadLimit)
            {
                wrong.Add($"{name} took {time.TotalMilliseconds:F0} ms");
            }

            if (error is null)
            {
                loaded[kind]++;
                if (!reseal && !mutant.AsSpan().SequenceEqual(original))
                {
                    wrong.Add($"{name} loaded although its bytes changed and its checksums were not recomputed");
                }
            }
            else if (error is InvalidDataException)
            {
                rejected[kind]++;
            }
            else
            {
                wrong.Add($"{name} threw {error.GetType().Name}: {error.Message}");
            }
        }

        total.Stop();
        for (int k = 0; k < s_kinds.Length; k++)
        {
            output.WriteLine($"{s_kinds[k],-30} {loaded[k],5} loaded {rejected[k],5} rejected");
        }

        output.WriteLine($"{Cases} cases in {total.Elapsed.TotalSeconds:F2} s; slowest load {slowest.TotalMilliseconds:F2} ms; {wrong.Count} wrong");
        wrong.Should().BeEmpty();
        rejected.Sum().Should().BeGreaterThan(Cases * 3 / 4, "most mutations damage the file");
        loaded.Sum().Should().BePositive("some resealed mutations are valid files, which must load");
    }

    private static (Exception? Error, TimeSpan Time) TimedLoad(byte[] file, bool pipe)
    {
        Stream stream = pipe ? new OneWayStream(file) : new MemoryStream(file, writable: false);
        var watch = Stopwatch.StartNew();
        try
        {
            ModelFile.Read(stream);
            return (null, watch.Elapsed);
        }
        catch (Exception e)
        {
            return (e, watch.Elapsed);
        }
    }

    private static byte[] Mutate(byte[] original, int kind, Random random)
    {
        List<NnetBytes.Section> sections = NnetBytes.Sections(original);
        NnetBytes.Section section = sections[random.Next(sections.Count)];
        byte[] file = [.. original];
        switch (kind)
        {
            case 0:
                for (int n = random.Next(1, 4); n > 0; n--)
                {
                    file[random.Next(file.Length)] ^= (byte)(1 << random.Next(8));
                }

                return file;
            case 1:
                file[random.Next(file.Length)] = (byte)random.Next(256);
                return file;
            case 2:
                return file[..random.Next(file.Length)];
            case 3:
                int at = random.Next(file.Length + 1);
                byte[] inserted = new byte[random.Next(1, 17)];
                random.NextBytes(inserted);
                return [.. file.AsSpan(0, at), .. inserted, .. file.AsSpan(at)];
            case 4:
                int from = random.Next(file.Length);
                return [.. file.AsSpan(0, from), .. file.AsSpan(Math.Min(file.Length, from + random.Next(1, 33)))];
            case 5:
                ulong[] huge = [ulong.MaxValue, 1UL << 63, 1UL << 32, (ulong)FormatLimits.MaxUnknownSectionLength, (ulong)random.NextInt64()];
                BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(section.LengthField), huge[random.Next(huge.Length)]);
                return file;
            case 6:
                BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(section.LengthField), (ulong)Math.Max(0, section.Length + random.Next(-8, 9)));
                return file;
            case 7:
                // The architecture: layer count, kind codes, dimensions, initialization.
                int offset = sections[0].PayloadStart + random.Next((int)sections[0].Length);
                file[offset] = random.Next(3) switch { 0 => (byte)random.Next(256), 1 => (byte)(file[offset] + 1), _ => 0xFF };
                return file;
            case 8:
                int end = section.ChecksumField + 4;
                return [.. file.AsSpan(0, section.Start), .. file.AsSpan(end)];
            default:
                byte[] copy = file[section.Start..(section.ChecksumField + 4)];
                int where = sections[random.Next(sections.Count)].Start;
                return [.. file.AsSpan(0, where), .. copy, .. file.AsSpan(where)];
        }
    }
}
