using System.Buffers.Binary;
using System.Runtime.InteropServices;
using NeuralNet.Layers;

namespace NeuralNet.Interop;

/// <summary>
/// Loads a safetensors file into an existing network, treating the file as hostile: every
/// length is checked against the limits and against the bytes the stream holds before anything
/// is allocated for it, the header is checked whole (<see cref="SafetensorsHeader"/>) and matched
/// against the network before any tensor is read, and the network changes only once every value
/// has been read and checked — a failed load leaves it as it was.
/// </summary>
/// <remarks>
/// Memory: the header (at most <see cref="SafetensorsLimits.MaxHeaderLength"/> bytes, and no more
/// than the file holds when the stream can seek, or than has arrived when it cannot), then one
/// copy of the network's values, since only tensors that match the network's names and shapes are
/// ever read.
/// </remarks>
internal static class SafetensorsReader
{
    private const int MaxNamesListed = 10;

    public static void Load(Sequential model, Stream stream)
    {
        List<StateTensor> expected = StateDict.Describe(model);
        long? available = stream.CanSeek ? stream.Length - stream.Position : null;
        Span<byte> prefix = stackalloc byte[8];
        int read = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (read < prefix.Length)
        {
            throw new InvalidDataException($"The file has {read} bytes; a safetensors file starts with an 8-byte header length.");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength is < 2 or > SafetensorsLimits.MaxHeaderLength)
        {
            throw new InvalidDataException(
                $"The safetensors header length is {headerLength} bytes; it must be 2 to {SafetensorsLimits.MaxHeaderLength} (is this a safetensors file?).");
        }

        if (available is long size && (long)headerLength > size - 8)
        {
            throw new InvalidDataException($"The safetensors header length is {headerLength} bytes, but the file has only {size - 8} after it.");
        }

        byte[] headerBytes = ReadAsItArrives(stream, (int)headerLength, available is not null);
        SafetensorsHeader header = SafetensorsHeader.Parse(headerBytes);
        if (available is long total && total - 8 - (long)headerLength != header.DataLength)
        {
            long data = total - 8 - (long)headerLength;
            throw new InvalidDataException(data < header.DataLength
                ? $"The file is truncated: its data section holds {data} bytes; its tensors take {header.DataLength}."
                : $"The file has {data - header.DataLength} bytes after its last tensor; the data section must end where the tensors do.");
        }

        List<StateTensor> plan = Match(expected, header);
        float[][] values = ReadValues(stream, plan);
        if (available is null && stream.ReadByte() >= 0)
        {
            throw new InvalidDataException("The file goes on after its last tensor; the data section must end where the tensors do.");
        }

        for (int i = 0; i < plan.Count; i++)
        {
            plan[i].Check(values[i]);
        }

        for (int i = 0; i < plan.Count; i++)
        {
            plan[i].Import(values[i]);
        }
    }

    /// <summary>
    /// Pairs each file tensor with the network's tensor of that name, in the file's data order,
    /// and checks that the two sets of names are the same and that each pair agrees in dtype and shape.
    /// </summary>
    private static List<StateTensor> Match(List<StateTensor> expected, SafetensorsHeader header)
    {
        var byName = expected.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var unexpected = new List<string>();
        var plan = new List<StateTensor>(header.Tensors.Count);
        foreach (TensorEntry entry in header.Tensors)
        {
            if (!byName.TryGetValue(entry.Name, out StateTensor? tensor))
            {
                unexpected.Add(entry.Name);
                continue;
            }

            plan.Add(tensor);
        }

        var found = new HashSet<string>(plan.Select(t => t.Name), StringComparer.Ordinal);
        List<string> missing = [.. expected.Where(t => !found.Contains(t.Name)).Select(t => t.Name)];
        if (unexpected.Count > 0 || missing.Count > 0)
        {
            string message = "The file's tensors do not match the network's (names are <index in nn.Sequential>.<parameter>, and activations take an index too):";
            if (unexpected.Count > 0)
            {
                message += $" the file has {List(unexpected)}, which the network does not;";
            }

            if (missing.Count > 0)
            {
                message += $" the network needs {List(missing)}, which the file lacks;";
            }

            throw new InvalidDataException(message.TrimEnd(';') + ".");
        }

        // Every file tensor matched one of the network's, so plan[i] is header.Tensors[i]'s.
        for (int i = 0; i < plan.Count; i++)
        {
            TensorEntry entry = header.Tensors[i];
            if (entry.DType != plan[i].DType)
            {
                throw new InvalidDataException($"Tensor '{entry.Name}' has dtype {entry.DType}; {plan[i].Owner} needs {plan[i].DType}.");
            }

            if (!entry.Shape.AsSpan().SequenceEqual(plan[i].Shape))
            {
                throw new InvalidDataException(
                    $"Tensor '{entry.Name}' has shape {entry.ShapeText} in the file; {plan[i].Owner} needs {plan[i].ShapeText}.");
            }
        }

        return plan;
    }

    /// <summary>Reads the data section, whose tensors (in <paramref name="plan"/>'s order) tile it from byte 0.</summary>
    private static float[][] ReadValues(Stream stream, List<StateTensor> plan)
    {
        var values = new float[plan.Count][];
        for (int i = 0; i < plan.Count; i++)
        {
            values[i] = new float[plan[i].Slots];
            Span<byte> bytes = MemoryMarshal.AsBytes(values[i].AsSpan());
            int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
            {
                throw new InvalidDataException($"The file ends inside tensor '{plan[i].Name}' ({read} of its {bytes.Length} bytes).");
            }

            if (!BitConverter.IsLittleEndian && plan[i].IsCounter)
            {
                Span<long> bits = MemoryMarshal.Cast<float, long>(values[i].AsSpan());
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }
            else if (!BitConverter.IsLittleEndian)
            {
                Span<int> bits = MemoryMarshal.Cast<float, int>(values[i].AsSpan());
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }
        }

        return values;
    }

    /// <summary>
    /// Reads <paramref name="count"/> bytes. When the length was checked against the stream's,
    /// in one array; from a stream that cannot seek, into an array that doubles from 64 KiB only
    /// as bytes arrive, so a header length that lies costs about what was actually sent.
    /// </summary>
    private static byte[] ReadAsItArrives(Stream stream, int count, bool lengthChecked)
    {
        var buffer = new byte[lengthChecked ? count : Math.Min(count, SafetensorsLimits.BufferLength)];
        int filled = 0;
        while (true)
        {
            int read = stream.ReadAtLeast(buffer.AsSpan(filled), buffer.Length - filled, throwOnEndOfStream: false);
            filled += read;
            if (filled < buffer.Length)
            {
                throw new InvalidDataException($"The file ends inside its header ({filled} of {count} bytes).");
            }

            if (filled == count)
            {
                return buffer;
            }

            Array.Resize(ref buffer, (int)Math.Min(count, 2L * filled));
        }
    }

    private static string List(List<string> names) =>
        string.Join(", ", names.Take(MaxNamesListed).Select(n => $"'{n}'")) + (names.Count > MaxNamesListed ? $" and {names.Count - MaxNamesListed} more" : "");
}
