using NeuralNet.Layers;

namespace NeuralNet.Serialization;

/// <summary>
/// Reads version 1, the format before sections (docs/file-format.md, "Version 1"): a layer count,
/// the layers with their values inline, and a 64-bit FNV-1a of everything before it at the end.
/// </summary>
/// <remarks>
/// On a seekable stream the whole file is hashed first, through one small buffer, and nothing is
/// built unless the checksum matches. A stream that cannot seek is read as it comes, and a dense
/// layer's values are gathered in an array that grows only as bytes arrive, so a short or garbage
/// stream costs memory in proportion to what it delivered, not to what its header claims.
/// </remarks>
internal static class ModelFileVersion1
{
    private const int ChecksumLength = 8;

    public static Sequential Read(ChecksummedReader reader)
    {
        if (reader.Remaining is long remaining)
        {
            reader.Context = "the checksum";
            if (remaining < sizeof(int) + ChecksumLength || !reader.ChecksumAheadMatches(remaining - ChecksumLength, ChecksumLength))
            {
                throw new InvalidDataException("The model file is corrupt or truncated: its checksum does not match its contents.");
            }
        }

        reader.Context = "the layer count";
        int count = reader.ReadInt32();
        if (count is < 1 or > FormatLimits.MaxLayers)
        {
            throw new InvalidDataException($"The model file declares {count} layers; expected 1 to {FormatLimits.MaxLayers}.");
        }

        var layout = new NetworkLayout();
        var layers = new Layer[count];
        for (int i = 0; i < count; i++)
        {
            reader.Context = $"layer {i}";
            byte kind = reader.ReadByte();
            LayerRecord record = kind == LayerRecord.DenseKind
                ? LayerRecord.Check(kind, i, reader.ReadInt32(), reader.ReadInt32(), reader.ReadByte(), LayerRecord.LastVersion1Kind)
                : LayerRecord.Check(kind, i, 0, 0, 0, LayerRecord.LastVersion1Kind);
            layout.Add(record);
            if (reader.Remaining is long left && (record.ValueCount * sizeof(float)) > left - ChecksumLength)
            {
                throw new InvalidDataException(
                    $"Layer {i} is a Dense layer of {record.Inputs}×{record.Outputs}, which needs {record.ValueCount * sizeof(float)} bytes; the file has {left} left.");
            }

            layers[i] = !record.IsDense ? record.Create()
                : reader.CanSeek ? ReadDense(reader, record, i)
                : ReadDenseAsItArrives(reader, record, i);
        }

        reader.Context = "the checksum";
        ulong expected = reader.Checksum;
        if (reader.ReadChecksumField(ChecksumLength) != expected)
        {
            throw new InvalidDataException("The model file is corrupt or truncated: its checksum does not match its contents.");
        }

        if (!reader.AtEnd())
        {
            throw new InvalidDataException("The model file has unexpected bytes after its checksum.");
        }

        return ModelFile.Assemble(layers);
    }

    private static Dense ReadDense(ChecksummedReader reader, LayerRecord record, int index)
    {
        var dense = (Dense)record.Create();
        ParameterValues.Read(reader, dense.Weight, index);
        ParameterValues.Read(reader, dense.Bias, index);
        return dense;
    }

    private static Dense ReadDenseAsItArrives(ChecksummedReader reader, LayerRecord record, int index)
    {
        float[] values = ParameterValues.ReadAsTheyArrive(reader, (int)record.ValueCount);
        var dense = (Dense)record.Create();
        int weights = dense.Weight.Value.Length;
        ParameterValues.Check(values.AsSpan(0, weights), index, dense.Weight.Name);
        ParameterValues.Check(values.AsSpan(weights), index, dense.Bias.Name);
        values.AsSpan(0, weights).CopyTo(dense.Weight.Value.AsSpan());
        values.AsSpan(weights).CopyTo(dense.Bias.Value.AsSpan());
        return dense;
    }
}
