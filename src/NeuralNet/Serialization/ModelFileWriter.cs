using System.Buffers.Binary;
using NeuralNet.Layers;

namespace NeuralNet.Serialization;

/// <summary>Writes the current version of the format (version 2; docs/file-format.md).</summary>
internal static class ModelFileWriter
{
    /// <summary>
    /// Checks everything that could make the file unusable — a layer the format cannot hold, a
    /// non-finite value — so that a refused model writes nothing at all, not even a temporary file.
    /// </summary>
    public static Plan Check(Sequential model)
    {
        var layout = new NetworkLayout();
        try
        {
            foreach (Layer layer in model.Layers)
            {
                layout.Add(LayerRecord.Of(layer));
            }
        }
        catch (InvalidDataException e)
        {
            throw new NotSupportedException("The .nnet format cannot store this network: " + e.Message, e);
        }

        ParameterValues.EnsureFinite(model);
        return new Plan(layout, MetadataSections.Encode(model));
    }

    /// <summary>Writes a model that <see cref="Check"/> accepted, streaming: nothing is buffered but one 64 KiB block.</summary>
    public static void Write(Sequential model, Plan plan, Stream stream)
    {
        NetworkLayout layout = plan.Layout;
        var writer = new ChecksummedWriter(stream);
        writer.Write(ModelFile.Magic);
        writer.WriteUInt16(ModelFile.Version);

        int length = 4 + layout.Layers.Sum(r => r.Length);
        var architecture = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(architecture, (uint)layout.Layers.Count);
        int offset = 4;
        foreach (LayerRecord record in layout.Layers)
        {
            record.WriteTo(architecture.AsSpan(offset));
            offset += record.Length;
        }

        writer.BeginSection(SectionTag.Architecture, length);
        writer.Write(architecture);
        writer.EndSection();

        uint index = 0;
        foreach (Layer layer in model.Layers)
        {
            switch (layer)
            {
                case Dense dense:
                    WriteTensor(writer, index++, dense.Weight.Value.AsSpan());
                    if (dense.HasBias)
                    {
                        WriteTensor(writer, index++, dense.Bias.Value.AsSpan());
                    }

                    break;
                case Standardization standardization:
                    WriteTensor(writer, index++, standardization.MeanValues);
                    WriteTensor(writer, index++, standardization.DeviationValues);
                    break;
                case BatchNorm norm:
                    WriteTensor(writer, index++, norm.Gamma.Value.AsSpan());
                    WriteTensor(writer, index++, norm.Beta.Value.AsSpan());
                    WriteTensor(writer, index++, norm.RunningMean.AsSpan());
                    WriteTensor(writer, index++, norm.RunningVariance.AsSpan());
                    break;
            }
        }

        foreach (MetadataSections.Encoded section in plan.Metadata)
        {
            writer.BeginSection(System.Text.Encoding.ASCII.GetBytes(section.Tag), section.Payload.Length);
            writer.Write(section.Payload);
            writer.EndSection();
        }

        writer.BeginSection(SectionTag.End, 0);
        writer.EndSection();
        writer.Flush();
    }

    /// <summary>What <see cref="Check"/> accepted: the layers, and the metadata sections already encoded.</summary>
    public sealed record Plan(NetworkLayout Layout, IReadOnlyList<MetadataSections.Encoded> Metadata);

    private static void WriteTensor(ChecksummedWriter writer, uint index, ReadOnlySpan<float> values)
    {
        writer.BeginSection(SectionTag.Parameter, 4 + ((long)values.Length * sizeof(float)));
        writer.WriteUInt32(index);
        writer.WriteFloats(values);
        writer.EndSection();
    }
}
