using System.Buffers.Binary;
using System.Text;
using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Serialization;

/// <summary>
/// Saves and loads networks in the <c>.nnet</c> format: a small, versioned, little-endian binary
/// file with a checksum, so that a corrupt or truncated file is rejected rather than half-read.
/// </summary>
/// <remarks>
/// <para>Layout (version 1), all integers little-endian:</para>
/// <list type="number">
/// <item><description>magic: the 4 ASCII bytes <c>NNET</c>; version: uint16 = 1;</description></item>
/// <item><description>layer count: int32 (1 … 10 000);</description></item>
/// <item><description>
/// per layer, a kind byte — 1 Dense, 2 Sigmoid, 3 Tanh, 4 ReLU, 5 Softmax, 6 Identity — and for
/// Dense: inputs int32, outputs int32, initialization byte, then the weights (inputs × outputs
/// float32, row-major [inputs, outputs]) and the biases (outputs float32);
/// </description></item>
/// <item><description>checksum: uint64, the 64-bit FNV-1a hash of every byte before it.</description></item>
/// </list>
/// <para>Saving writes a temporary file beside the target and then moves it into place, so a
/// failure never leaves a half-written file where a good one was.</para>
/// </remarks>
public static class ModelFile
{
    /// <summary>The format version this library writes.</summary>
    public const int Version = 1;

    private const int MaxLayers = 10_000;
    private const long MaxValues = 1L << 30;
    private static readonly byte[] s_magic = "NNET"u8.ToArray();

    /// <summary>Saves the network's architecture and weights to a file, replacing it atomically.</summary>
    /// <param name="model">The network.</param>
    /// <param name="path">The file to write, conventionally ending in <c>.nnet</c>.</param>
    /// <exception cref="NotSupportedException">The network holds a layer type the format does not know.</exception>
    public static void Save(this Sequential model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string temporary = full + "." + Environment.ProcessId + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Write(model, stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes the network to a stream in the <c>.nnet</c> format.</summary>
    /// <param name="model">The network.</param>
    /// <param name="stream">A writable stream; left open.</param>
    /// <exception cref="NotSupportedException">The network holds a layer type the format does not know.</exception>
    public static void Write(Sequential model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(s_magic);
            writer.Write((ushort)Version);
            writer.Write(model.Layers.Count);
            foreach (Layer layer in model.Layers)
            {
                writer.Write(KindOf(layer));
                if (layer is Dense dense)
                {
                    writer.Write(dense.Inputs);
                    writer.Write(dense.Outputs);
                    writer.Write((byte)dense.Initialization);
                    WriteFloats(writer, dense.Weight.Value.AsSpan());
                    WriteFloats(writer, dense.Bias.Value.AsSpan());
                }
            }
        }

        ulong checksum = Fnv1a(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        Span<byte> tail = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(tail, checksum);
        buffer.Write(tail);
        buffer.Position = 0;
        buffer.CopyTo(stream);
    }

    /// <summary>Loads a network saved by <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>A new network with the saved layers and weights.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid <c>.nnet</c> file, is truncated, or fails its checksum.</exception>
    public static Sequential Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(stream);
    }

    /// <summary>Reads a network in the <c>.nnet</c> format from a stream.</summary>
    /// <param name="stream">A readable stream positioned at the start of the model; it is read to its end.</param>
    /// <returns>A new network.</returns>
    /// <exception cref="InvalidDataException">The data is not a valid model, is truncated, or fails its checksum.</exception>
    public static Sequential Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes = ReadAll(stream);
        if (bytes.Length < s_magic.Length + 2 + 4 + 8 || !bytes.AsSpan(0, 4).SequenceEqual(s_magic))
        {
            throw new InvalidDataException("Not a NeuralNet model file: it does not start with the 'NNET' signature.");
        }

        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8));
        if (stored != Fnv1a(bytes.AsSpan(0, bytes.Length - 8)))
        {
            throw new InvalidDataException("The model file is corrupt or truncated: its checksum does not match its contents.");
        }

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 8, writable: false));
        try
        {
            reader.ReadBytes(4);
            int version = reader.ReadUInt16();
            if (version != Version)
            {
                throw new InvalidDataException($"The model file has format version {version}; this library reads version {Version}.");
            }

            int count = reader.ReadInt32();
            if (count is < 1 or > MaxLayers)
            {
                throw new InvalidDataException($"The model file declares {count} layers; expected 1 to {MaxLayers}.");
            }

            var layers = new Layer[count];
            for (int i = 0; i < count; i++)
            {
                layers[i] = ReadLayer(reader, i, bytes.Length);
            }

            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new InvalidDataException("The model file has unexpected bytes after its last layer.");
            }

            return new Sequential(layers);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The model file is truncated.", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("The model file describes an invalid network: " + e.Message, e);
        }
    }

    private static Layer ReadLayer(BinaryReader reader, int index, long fileLength)
    {
        byte kind = reader.ReadByte();
        switch (kind)
        {
            case 1:
                int inputs = reader.ReadInt32(), outputs = reader.ReadInt32();
                byte initialization = reader.ReadByte();
                long values = ((long)inputs * outputs) + outputs;
                if (inputs < 1 || outputs < 1 || values > MaxValues || values * 4 > fileLength)
                {
                    throw new InvalidDataException($"Layer {index} is a Dense layer of {inputs}×{outputs}, which the file cannot hold.");
                }

                if (!Enum.IsDefined((WeightInitialization)initialization))
                {
                    throw new InvalidDataException($"Layer {index} has an unknown initialization code {initialization}.");
                }

                var dense = new Dense(inputs, outputs, (WeightInitialization)initialization);
                ReadFloats(reader, dense.Weight.Value, index);
                ReadFloats(reader, dense.Bias.Value, index);
                return dense;
            case 2: return new Sigmoid();
            case 3: return new Tanh();
            case 4: return new ReLU();
            case 5: return new Softmax();
            case 6: return new Identity();
            default: throw new InvalidDataException($"Layer {index} has an unknown kind code {kind}.");
        }
    }

    private static byte KindOf(Layer layer) => layer switch
    {
        Dense => 1,
        Sigmoid => 2,
        Tanh => 3,
        ReLU => 4,
        Softmax => 5,
        Identity => 6,
        _ => throw new NotSupportedException($"The .nnet format cannot store a {layer.GetType().Name} layer."),
    };

    private static void WriteFloats(BinaryWriter writer, ReadOnlySpan<float> values)
    {
        foreach (float value in values)
        {
            writer.Write(value);
        }
    }

    private static void ReadFloats(BinaryReader reader, Tensor destination, int layer)
    {
        Span<float> values = destination.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadSingle();
            if (!float.IsFinite(values[i]))
            {
                throw new InvalidDataException($"Layer {layer} holds a non-finite value ({values[i]}) at position {i}.");
            }
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in data)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
