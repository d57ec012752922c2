using System.Buffers.Binary;
using System.Text;
using NeuralNet.Layers;

namespace NeuralNet.Serialization;

/// <summary>
/// The optional sections that say what a model means — <c>clas</c>, <c>feat</c>, <c>task</c>,
/// <c>meta</c> (docs/file-format.md) — encoded from and decoded into <see cref="ModelMetadata"/>.
/// </summary>
/// <remarks>
/// Saving encodes everything before a byte is written, so a model whose names cannot be stored
/// (too long, a lone surrogate, a count that does not fit the network) writes nothing. Loading
/// bounds every count and length by <see cref="FormatLimits"/> and by the payload, and checks the
/// names against the network as saving does.
/// </remarks>
internal static class MetadataSections
{
    private const byte HasDate = 1, HasEpochs = 2, HasVersion = 4;
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A section ready to write: its tag and payload.</summary>
    public readonly record struct Encoded(string Tag, byte[] Payload);

    /// <summary>Encodes the model's metadata; throws <see cref="InvalidOperationException"/> for what cannot be stored.</summary>
    public static List<Encoded> Encode(Sequential model)
    {
        ModelMetadata metadata = model.Metadata;
        CheckCounts(model, metadata, message => new InvalidOperationException(message + " The model is not saved."));
        var sections = new List<Encoded>();
        if (metadata.ClassNames is { } classes)
        {
            sections.Add(new("clas", Payload(w => WriteStrings(w, classes, "ClassNames"))));
        }

        if (metadata.FeatureNames is { } features)
        {
            sections.Add(new("feat", Payload(w => WriteStrings(w, features, "FeatureNames"))));
        }

        if (metadata.Task != ModelTask.Unspecified)
        {
            sections.Add(new("task", [(byte)metadata.Task]));
        }

        if (metadata.Training is { } training)
        {
            sections.Add(new("meta", Payload(w => WriteTraining(w, training))));
        }

        return sections;
    }

    /// <summary>Whether <paramref name="tag"/> is one of these sections; <paramref name="bit"/> marks it in a seen-mask.</summary>
    public static bool Knows(ReadOnlySpan<byte> tag, out int bit)
    {
        bit = tag.SequenceEqual(SectionTag.ClassNames) ? 1
            : tag.SequenceEqual(SectionTag.FeatureNames) ? 2
            : tag.SequenceEqual(SectionTag.Task) ? 4
            : tag.SequenceEqual(SectionTag.Training) ? 8
            : 0;
        return bit != 0;
    }

    /// <summary>Decodes one section's payload into <paramref name="metadata"/>.</summary>
    public static ModelMetadata Decode(int bit, byte[] payload, ModelMetadata metadata)
    {
        string name = bit switch { 1 => "clas", 2 => "feat", 4 => "task", _ => "meta" };
        var reader = new PayloadReader(payload, name);
        metadata = bit switch
        {
            1 => metadata with { ClassNames = reader.ReadStrings(FormatLimits.MaxNames) },
            2 => metadata with { FeatureNames = reader.ReadStrings(FormatLimits.MaxNames) },
            // A task code from a newer version reads as unspecified: the section is informational.
            4 => metadata with { Task = reader.ReadByte() is var code and <= (byte)ModelTask.MultiLabelClassification ? (ModelTask)code : ModelTask.Unspecified },
            _ => metadata with { Training = ReadTraining(ref reader) },
        };
        reader.EnsureEnd();
        return metadata;
    }

    /// <summary>Checks names read from a file against the network they came with.</summary>
    public static void Validate(Sequential model) =>
        CheckCounts(model, model.Metadata, message => new InvalidDataException("The model file's metadata does not fit its network: " + message));

    private static void CheckCounts(Sequential model, ModelMetadata metadata, Func<string, Exception> error)
    {
        // A name list that does not match the network would label outputs wrongly without a word.
        if (metadata.ClassNames is { Count: int classes } && model.OutputSize is int outputs && classes != outputs && !(outputs == 1 && classes == 2))
        {
            throw error($"it has {classes} class names for {outputs} outputs (expected {outputs}{(outputs == 1 ? ", or 2 for one sigmoid output" : "")}).");
        }

        if (metadata.FeatureNames is { Count: int features } && model.InputSize is int inputs && features != inputs)
        {
            throw error($"it has {features} feature names for {inputs} inputs.");
        }

        if (Math.Max(metadata.ClassNames?.Count ?? 0, metadata.FeatureNames?.Count ?? 0) > FormatLimits.MaxNames)
        {
            throw error($"it has more than {FormatLimits.MaxNames} names.");
        }

        if (metadata.Training?.FinalMetrics.Count > FormatLimits.MaxMetrics)
        {
            throw error($"it has {metadata.Training.FinalMetrics.Count} final metrics; at most {FormatLimits.MaxMetrics} are stored.");
        }
    }

    private static TrainingMetadata ReadTraining(ref PayloadReader reader)
    {
        byte flags = reader.ReadByte();
        if ((flags & ~(HasDate | HasEpochs | HasVersion)) != 0)
        {
            throw reader.Bad($"the unknown flags 0x{flags:X2}");
        }

        DateTimeOffset? date = null;
        if ((flags & HasDate) != 0)
        {
            long milliseconds = reader.ReadInt64();
            if (milliseconds < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                throw reader.Bad($"the date {milliseconds} ms from 1970, outside the years 1 to 9999");
            }

            date = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }

        int? epochs = (flags & HasEpochs) != 0 ? reader.ReadInt32() : null;
        if (epochs < 0)
        {
            throw reader.Bad($"{epochs} epochs");
        }

        string? version = (flags & HasVersion) != 0 ? reader.ReadString() : null;
        uint count = reader.ReadUInt32();
        if (count > FormatLimits.MaxMetrics || count > reader.Remaining / 12)
        {
            throw reader.Bad($"{count} metrics; at most {FormatLimits.MaxMetrics} are allowed, each at least 12 bytes, and {reader.Remaining} bytes are left");
        }

        var metrics = new Dictionary<string, double>((int)count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            if (!metrics.TryAdd(name, reader.ReadDouble()))
            {
                throw reader.Bad($"the metric '{name}' twice");
            }
        }

        return new TrainingMetadata { TrainedAt = date, Epochs = epochs, LibraryVersion = version, FinalMetrics = metrics };
    }

    private static void WriteTraining(Stream stream, TrainingMetadata training)
    {
        byte flags = (byte)((training.TrainedAt is null ? 0 : HasDate) | (training.Epochs is null ? 0 : HasEpochs) | (training.LibraryVersion is null ? 0 : HasVersion));
        stream.WriteByte(flags);
        Span<byte> field = stackalloc byte[8];
        if (training.TrainedAt is { } date)
        {
            BinaryPrimitives.WriteInt64LittleEndian(field, date.ToUnixTimeMilliseconds());
            stream.Write(field);
        }

        if (training.Epochs is int epochs)
        {
            BinaryPrimitives.WriteInt32LittleEndian(field, epochs);
            stream.Write(field[..4]);
        }

        if (training.LibraryVersion is { } version)
        {
            WriteString(stream, version, "Training.LibraryVersion");
        }

        BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)training.FinalMetrics.Count);
        stream.Write(field[..4]);
        foreach ((string name, double value) in training.FinalMetrics)
        {
            WriteString(stream, name, "Training.FinalMetrics");
            BinaryPrimitives.WriteDoubleLittleEndian(field, value);
            stream.Write(field);
        }
    }

    private static void WriteStrings(Stream stream, IReadOnlyList<string> strings, string property)
    {
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(count, (uint)strings.Count);
        stream.Write(count);
        for (int i = 0; i < strings.Count; i++)
        {
            WriteString(stream, strings[i], $"{property}[{i}]");
        }
    }

    private static void WriteString(Stream stream, string value, string what)
    {
        byte[] bytes;
        try
        {
            bytes = s_strictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new InvalidOperationException($"Metadata {what} is not valid Unicode (a lone surrogate); the model is not saved.", e);
        }

        if (bytes.Length > FormatLimits.MaxStringBytes)
        {
            throw new InvalidOperationException(
                $"Metadata {what} is {bytes.Length} bytes of UTF-8; at most {FormatLimits.MaxStringBytes} are stored. The model is not saved.");
        }

        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
    }

    private static byte[] Payload(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        if (stream.Length > FormatLimits.MaxMetadataSectionLength)
        {
            throw new InvalidOperationException(
                $"The model's metadata takes {stream.Length} bytes in one section; at most {FormatLimits.MaxMetadataSectionLength} are stored. The model is not saved.");
        }

        return stream.ToArray();
    }
}
