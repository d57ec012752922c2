using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuralNet.Interop;
using NeuralNet.Layers;
using NeuralNet.Tests.Serialization;
using Xunit.Abstractions;

namespace NeuralNet.Tests.Interop;

/// <summary>
/// Deterministic mutation fuzzing of safetensors files: every mutated file either loads or fails
/// with <see cref="InvalidDataException"/> — never another exception — each load within 100 ms.
/// </summary>
/// <remarks>
/// Two valid files are mutated: one this library wrote (a standardization, dense layers and
/// activations) and the PyTorch-made MLP. The format has no checksum, so a mutant that keeps the
/// structure whole (a weight changed to another finite value, a space of padding changed) is a
/// valid file and loads. The header mutations that change its length rewrite the length field,
/// so that they reach the JSON checks instead of stopping at the length; the structural ones edit
/// the parsed JSON (dtypes, shapes, offsets, names, metadata). A quarter of the loads go through
/// a stream that cannot seek, which takes the reader's other path.
/// </remarks>
public sealed class SafetensorsFuzzTests(ITestOutputHelper output)
{
    private const int CasesPerKind = 600;
    private const int Seed = 20_261_0;
    private static readonly TimeSpan s_loadLimit = TimeSpan.FromMilliseconds(100);

    private static readonly string[] s_kinds =
    [
        "bit flips", "byte set", "truncation", "insertion or deletion", "length field huge", "length field off by a little",
        "header digit", "header character", "header splice", "header structure", "data value",
    ];

    private static readonly string[] s_snippets =
    [
        "{", "}", "[", "]", "\"", ",", ":", "-", "0", "1e400", "null", "true", "\\u0000", "\\ud800", "\u00e9", "[[[[", "{\"a\":{\"b\":{}}}",
        ",\"x\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}", ",\"__metadata__\":{}", "99999999999999999999",
    ];

    [Fact]
    public void Load_6600MutatedFiles_OnlyLoadOrThrowInvalidDataException_EachWithin100Ms()
    {
        Sequential ours = SafetensorsBytes.SmallNetwork(seed: 3);
        Sequential torch = new(new Dense(4, 16), new ReLU(), new Dense(16, 8), new Tanh(), new Dense(8, 3), new Softmax());
        (byte[] File, Sequential Model)[] originals =
        [
            (SafetensorsBytes.Save(ours), ours),
            (SafetensorsBytes.Fixture("mlp_relu_tanh_softmax.safetensors"), torch),
        ];
        var random = new Random(Seed);
        var loaded = new int[s_kinds.Length];
        var rejected = new int[s_kinds.Length];
        var wrong = new List<string>();
        TimeSpan slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();

        for (int i = 0; i < CasesPerKind * s_kinds.Length; i++)
        {
            int kind = i % s_kinds.Length;
            (byte[] original, Sequential model) = originals[(i / s_kinds.Length) % originals.Length];
            bool pipe = random.Next(4) == 0;
            byte[] mutant = Mutate(original, kind, random);

            (Exception? error, TimeSpan time) = TimedLoad(model, mutant, pipe);
            if (time > s_loadLimit)
            {
                // Once more, to tell a slow load from a thread descheduled on a busy machine.
                time = TimeSpan.FromTicks(Math.Min(time.Ticks, TimedLoad(model, mutant, pipe).Time.Ticks));
            }

            slowest = time > slowest ? time : slowest;
            string name = $"case {i} ({s_kinds[kind]}{(pipe ? ", pipe" : "")})";
            if (time > s_loadLimit)
            {
                wrong.Add($"{name} took {time.TotalMilliseconds:F0} ms");
            }

            if (error is null)
            {
                loaded[kind]++;
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

        output.WriteLine($"{CasesPerKind * s_kinds.Length} cases in {total.Elapsed.TotalSeconds:F2} s; slowest load {slowest.TotalMilliseconds:F2} ms; {wrong.Count} wrong");
        wrong.Should().BeEmpty();
        rejected.Sum().Should().BeGreaterThan(CasesPerKind * s_kinds.Length / 2, "most mutations damage the file");
        loaded.Sum().Should().BePositive("some mutants are valid files, which must load");
    }

    private static (Exception? Error, TimeSpan Time) TimedLoad(Sequential model, byte[] file, bool pipe)
    {
        Stream stream = pipe ? new OneWayStream(file) : new MemoryStream(file, writable: false);
        var watch = Stopwatch.StartNew();
        try
        {
            model.LoadStateDict(stream);
            return (null, watch.Elapsed);
        }
        catch (Exception e)
        {
            return (e, watch.Elapsed);
        }
    }

    private static byte[] Mutate(byte[] original, int kind, Random random)
    {
        int headerLength = SafetensorsBytes.HeaderLength(original);
        int headerAt = 8 + random.Next(headerLength);
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
                if (random.Next(2) == 0)
                {
                    byte[] inserted = new byte[random.Next(1, 17)];
                    random.NextBytes(inserted);
                    return [.. file.AsSpan(0, at), .. inserted, .. file.AsSpan(at)];
                }

                return [.. file.AsSpan(0, at), .. file.AsSpan(Math.Min(file.Length, at + random.Next(1, 33)))];
            case 4:
                ulong[] huge = [ulong.MaxValue, 1UL << 63, 1UL << 32, 100_000_001, 100_000_000, (ulong)file.Length, (ulong)random.NextInt64()];
                BinaryPrimitives.WriteUInt64LittleEndian(file, huge[random.Next(huge.Length)]);
                return file;
            case 5:
                BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)Math.Max(0, headerLength + random.Next(-8, 9)));
                return file;
            case 6:
                int[] digits = [.. Enumerable.Range(8, headerLength).Where(p => char.IsAsciiDigit((char)file[p]))];
                file[digits[random.Next(digits.Length)]] = (byte)('0' + random.Next(10));
                return file;
            case 7:
                const string structural = "{}[]\",:-.0123456789eE \\";
                file[headerAt] = random.Next(3) switch
                {
                    0 => (byte)structural[random.Next(structural.Length)],
                    1 => (byte)random.Next(0x20, 0x7F),
                    _ => (byte)random.Next(0x80, 0x100),
                };
                return file;
            case 8:
                return Splice(original, headerAt - 8, random);
            case 9:
                return SafetensorsBytes.EditHeader(original, header => EditStructure(header, random));
            default:
                // A float of the data section set to a special value, or one of its bits flipped.
                int data = 8 + headerLength;
                int value = data + (4 * random.Next((file.Length - data) / 4));
                float[] specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -1f, float.Epsilon, float.MaxValue];
                if (random.Next(2) == 0)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(value), specials[random.Next(specials.Length)]);
                }
                else
                {
                    file[value + random.Next(4)] ^= (byte)(1 << random.Next(8));
                }

                return file;
        }
    }

    /// <summary>A piece of the header deleted or a snippet inserted, with the length field kept true.</summary>
    private static byte[] Splice(byte[] original, int at, Random random)
    {
        string header = SafetensorsBytes.HeaderText(original);
        at = Math.Min(at, header.Length);
        header = random.Next(2) == 0
            ? header.Remove(at, Math.Min(header.Length - at, random.Next(1, 12)))
            : header.Insert(at, s_snippets[random.Next(s_snippets.Length)]);
        return SafetensorsBytes.Build(header, SafetensorsBytes.Data(original));
    }

    private static void EditStructure(JsonObject header, Random random)
    {
        string[] names = [.. header.Select(p => p.Key).Where(k => k != "__metadata__")];
        string name = names[random.Next(names.Length)];
        JsonObject tensor = header[name]!.AsObject();
        JsonArray shape = tensor["shape"]!.AsArray();
        JsonArray offsets = tensor["data_offsets"]!.AsArray();
        switch (random.Next(9))
        {
            case 0:
                JsonNode?[] dtypes = ["F16", "BF16", "F64", "I64", "I32", "U8", "BOOL", "f32", "", 32, null];
                tensor["dtype"] = dtypes[random.Next(dtypes.Length)]?.DeepClone();
                break;
            case 1:
                long[] sizes = [0, 1, -1, 2, 1L << 31, 1L << 40, (long)shape[0]! + 1, (long)shape[0]! - 1];
                shape[random.Next(shape.Count)] = sizes[random.Next(sizes.Length)];
                break;
            case 2:
                shape.Add(random.Next(3));
                break;
            case 3:
                string other = names[random.Next(names.Length)];
                (tensor["data_offsets"], header[other]!["data_offsets"]) = (header[other]!["data_offsets"]!.DeepClone(), offsets.DeepClone());
                break;
            case 4:
                int shift = random.Next(-8, 9);
                offsets[random.Next(2)] = (long)offsets[random.Next(2)]! + shift;
                break;
            case 5:
                header.Remove(name);
                break;
            case 6:
                header[name + "_copy"] = tensor.DeepClone();
                break;
            case 7:
                header.Remove(name);
                header[random.Next(2) == 0 ? name.ToUpperInvariant() : "9" + name] = tensor;
                break;
            default:
                header["__metadata__"] = random.Next(3) switch
                {
                    0 => new JsonObject { ["format"] = 1 },
                    1 => new JsonArray("pt"),
                    _ => new JsonObject { ["format"] = "pt", ["note"] = new string('x', random.Next(1000)) },
                };
                break;
        }
    }
}
