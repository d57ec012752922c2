using System.Text.Json;
using System.Text.Unicode;

namespace NeuralNet.Interop;

/// <summary>
/// The parsed and checked JSON header of a safetensors file: its tensors in data order and the
/// length of the data section they tile.
/// </summary>
/// <remarks>
/// Everything the file says about itself is checked here, before any tensor byte is read: valid
/// UTF-8, JSON nested no deeper than <see cref="SafetensorsLimits.MaxJsonDepth"/>, an object of
/// tensors each with exactly <c>dtype</c>, <c>shape</c> and <c>data_offsets</c>, no name twice,
/// a dtype this library reads (<c>F32</c>; <c>I64</c> only for BatchNorm's
/// <c>num_batches_tracked</c>), dimensions that are non-negative integers whose product is
/// bounded, a byte range exactly the size the shape and dtype give, and ranges that tile the
/// data section from byte 0 with no gap and no overlap. Every failure is an
/// <see cref="InvalidDataException"/>.
/// </remarks>
internal sealed class SafetensorsHeader
{
    /// <summary>The key of the optional string-to-string metadata object.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The name suffix of the one tensor stored as <c>I64</c>: BatchNorm's counter of batches.</summary>
    public const string BatchCounterSuffix = ".num_batches_tracked";

    private SafetensorsHeader(List<TensorEntry> tensors, long dataLength)
    {
        Tensors = tensors;
        DataLength = dataLength;
    }

    /// <summary>The tensors, ordered by where their bytes start.</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; }

    /// <summary>The bytes the data section must hold: where the last tensor ends.</summary>
    public long DataLength { get; }

    /// <summary>Parses and checks a header's bytes (the padding spaces included).</summary>
    /// <exception cref="InvalidDataException">The header is malformed or describes an impossible data section.</exception>
    public static SafetensorsHeader Parse(ReadOnlyMemory<byte> header)
    {
        if (!Utf8.IsValid(header.Span))
        {
            throw new InvalidDataException("The safetensors header is not valid UTF-8.");
        }

        var tensors = new List<TensorEntry>();
        try
        {
            using var document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = SafetensorsLimits.MaxJsonDepth });
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"The safetensors header is a JSON {Kind(root)}; it must be an object of tensors.");
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw new InvalidDataException($"The safetensors header names '{property.Name}' twice.");
                }

                if (property.Name == MetadataKey)
                {
                    CheckMetadata(property.Value);
                    continue;
                }

                if (tensors.Count == SafetensorsLimits.MaxTensors)
                {
                    throw new InvalidDataException($"The safetensors header lists more than {SafetensorsLimits.MaxTensors} tensors.");
                }

                tensors.Add(ParseTensor(property.Name, property.Value));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a name whose escapes decode to invalid UTF-16 (a lone surrogate).
            throw new InvalidDataException("The safetensors header is not valid JSON: " + e.Message, e);
        }

        return new SafetensorsHeader(tensors, CheckTiling(tensors));
    }

    private static TensorEntry ParseTensor(string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"Tensor '{name}' is described by a JSON {Kind(value)}; expected an object with dtype, shape and data_offsets.");
        }

        JsonElement? dtype = null, shape = null, offsets = null;
        foreach (JsonProperty field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtype is null: dtype = field.Value; break;
                case "shape" when shape is null: shape = field.Value; break;
                case "data_offsets" when offsets is null: offsets = field.Value; break;
                default:
                    throw new InvalidDataException($"Tensor '{name}' has the field '{field.Name}' twice or one the format does not define.");
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            throw new InvalidDataException($"Tensor '{name}' lacks one of dtype, shape and data_offsets.");
        }

        int elementSize = ElementSize(name, dtype.Value);
        int[] dimensions = ParseShape(name, shape.Value, out long elements);
        (long begin, long end) = ParseOffsets(name, offsets.Value);
        if (end - begin != elements * elementSize)
        {
            throw new InvalidDataException(
                $"Tensor '{name}' has data_offsets [{begin}, {end}), {end - begin} bytes, but its shape {TensorEntry.ShapeToText(dimensions)} " +
                $"of {dtype.Value.GetString()} takes {elements * elementSize}.");
        }

        return new TensorEntry(name, dtype.Value.GetString()!, dimensions, begin, end);
    }

    private static int ElementSize(string name, JsonElement dtype)
    {
        string? code = dtype.ValueKind == JsonValueKind.String ? dtype.GetString() : null;
        return code switch
        {
            "F32" => sizeof(float),
            "I64" when name.EndsWith(BatchCounterSuffix, StringComparison.Ordinal) => sizeof(long),
            "I64" => throw new InvalidDataException($"Tensor '{name}' has dtype I64, which only BatchNorm's num_batches_tracked may have; weights must be F32."),
            null => throw new InvalidDataException($"Tensor '{name}' has a dtype that is a JSON {Kind(dtype)}, not a string."),
            _ => throw new InvalidDataException($"Tensor '{name}' has dtype {code}; this library reads F32 tensors only (convert with tensor.float() before saving)."),
        };
    }

    private static int[] ParseShape(string name, JsonElement shape, out long elements)
    {
        if (shape.ValueKind != JsonValueKind.Array || shape.GetArrayLength() > SafetensorsLimits.MaxRank)
        {
            throw new InvalidDataException($"Tensor '{name}' has a shape that is not an array of at most {SafetensorsLimits.MaxRank} dimensions.");
        }

        var dimensions = new int[shape.GetArrayLength()];
        elements = 1;
        int i = 0;
        foreach (JsonElement item in shape.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long size) || size < 0)
            {
                throw new InvalidDataException($"Tensor '{name}' has the dimension {item.GetRawText()}; dimensions are integers ≥ 0.");
            }

            if (size > SafetensorsLimits.MaxElements || (elements *= size) > SafetensorsLimits.MaxElements)
            {
                throw new InvalidDataException($"Tensor '{name}' has more than {SafetensorsLimits.MaxElements} elements.");
            }

            dimensions[i++] = (int)size;
        }

        return dimensions;
    }

    private static (long Begin, long End) ParseOffsets(string name, JsonElement offsets)
    {
        if (offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !TryOffset(offsets[0], out long begin) || !TryOffset(offsets[1], out long end) || end < begin)
        {
            throw new InvalidDataException($"Tensor '{name}' has data_offsets {offsets.GetRawText()}; expected [begin, end] with 0 ≤ begin ≤ end.");
        }

        return (begin, end);
    }

    // Offsets beyond any stream a reader could be given are refused here, so that nothing later
    // adds or multiplies near long's limit.
    private static bool TryOffset(JsonElement item, out long offset)
    {
        offset = -1;
        return item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out offset) && offset is >= 0 and <= long.MaxValue / 4;
    }

    private static void CheckMetadata(JsonElement metadata)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"'{MetadataKey}' is a JSON {Kind(metadata)}; it must be an object of strings.");
        }

        foreach (JsonProperty entry in metadata.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"'{MetadataKey}' maps '{entry.Name}' to a JSON {Kind(entry.Value)}; its values must be strings.");
            }
        }
    }

    /// <summary>
    /// Sorts the tensors by offset and checks that they tile [0, data length) exactly, as the
    /// format requires: a gap would be bytes that belong to no tensor, an overlap two tensors
    /// that share bytes.
    /// </summary>
    private static long CheckTiling(List<TensorEntry> tensors)
    {
        tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long next = 0;
        TensorEntry? previous = null;
        foreach (TensorEntry tensor in tensors)
        {
            if (tensor.Begin < next)
            {
                throw new InvalidDataException(
                    $"Tensors '{previous!.Name}' [{previous.Begin}, {previous.End}) and '{tensor.Name}' [{tensor.Begin}, {tensor.End}) overlap.");
            }

            if (tensor.Begin > next)
            {
                throw new InvalidDataException(
                    $"Bytes [{next}, {tensor.Begin}) of the data section belong to no tensor; the format has no gaps.");
            }

            next = tensor.End;
            previous = tensor;
        }

        return next;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
