using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using NeuralNet.Layers;

namespace NeuralNet.Interop;

/// <summary>
/// Writes a network's <c>state_dict</c> as safetensors, the way Hugging Face's <c>save_file</c>
/// lays it out: tensors sorted by name (ordinal), their data in that order with no gaps, F32 (BatchNorm's counter I64),
/// the header padded with spaces to a multiple of 8 bytes so the data starts aligned.
/// </summary>
/// <remarks>
/// Nothing in the output depends on time, culture or the machine: the same network gives the same bytes.
/// </remarks>
internal static class SafetensorsWriter
{
    /// <summary>The metadata written: <c>format</c> = <c>pt</c> tells loaders the tensors follow PyTorch's conventions.</summary>
    private static readonly KeyValuePair<string, string>[] s_metadata = [new("format", "pt")];

    /// <summary>
    /// Checks everything that could make the file unusable — a layer kind with no PyTorch
    /// counterpart, a non-finite value — so that a refused network writes nothing at all.
    /// </summary>
    /// <exception cref="NotSupportedException">A layer kind the format cannot hold.</exception>
    /// <exception cref="InvalidOperationException">A parameter holds NaN or ±∞.</exception>
    public static List<StateTensor> Check(Sequential model)
    {
        List<StateTensor> tensors = StateDict.Describe(model);
        float[] values = new float[tensors.Count == 0 ? 0 : tensors.Max(t => t.Slots)];
        foreach (StateTensor tensor in tensors.Where(t => !t.IsCounter))
        {
            Span<float> span = values.AsSpan(0, tensor.Slots);
            tensor.Export(span);
            int bad = IndexOfNonFinite(span);
            if (bad >= 0)
            {
                throw new InvalidOperationException(
                    $"Tensor '{tensor.Name}' of {tensor.Owner} holds {span[bad]} at index {bad}; a network with non-finite values is not saved.");
            }
        }

        tensors.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return tensors;
    }

    /// <summary>Writes the tensors <see cref="Check"/> returned; nothing is buffered but the header and the largest tensor.</summary>
    public static void Write(List<StateTensor> tensors, Stream stream)
    {
        byte[] header = Header(tensors);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);

        float[] values = new float[tensors.Count == 0 ? 0 : tensors.Max(t => t.Slots)];
        foreach (StateTensor tensor in tensors)
        {
            Span<float> span = values.AsSpan(0, tensor.Slots);
            tensor.Export(span);
            if (!BitConverter.IsLittleEndian && tensor.IsCounter)
            {
                Span<long> counter = MemoryMarshal.Cast<float, long>(span);
                BinaryPrimitives.ReverseEndianness(counter, counter);
            }
            else if (!BitConverter.IsLittleEndian)
            {
                Span<int> bits = MemoryMarshal.Cast<float, int>(span);
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }

            stream.Write(MemoryMarshal.AsBytes(span));
        }

        stream.Flush();
    }

    /// <summary>The JSON header, <c>__metadata__</c> first, then the tensors in order, padded with spaces to a multiple of 8 bytes.</summary>
    private static byte[] Header(List<StateTensor> tensors)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject(SafetensorsHeader.MetadataKey);
            foreach ((string key, string value) in s_metadata)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            long offset = 0;
            foreach (StateTensor tensor in tensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType);
                json.WriteStartArray("shape");
                foreach (int size in tensor.Shape)
                {
                    json.WriteNumberValue(size);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += (long)tensor.Length * tensor.ElementSize;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        byte[] header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
