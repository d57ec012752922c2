using System.Buffers.Binary;
using NeuralNet.Layers;

namespace NeuralNet.Serialization;

/// <summary>
/// Saves and loads networks in the <c>.nnet</c> format: a small, versioned, little-endian binary
/// file of checksummed sections, so that a corrupt, truncated or hostile file is rejected with an
/// <see cref="InvalidDataException"/> rather than half-read. docs/file-format.md gives it byte by byte.
/// </summary>
/// <remarks>
/// <para>Version 2, written since issue 9: the 6-byte header <c>NNET</c> + uint16 version, then
/// sections — a four-letter tag, a uint64 payload length, the payload, and the CRC-32C of every
/// file byte before it — <c>MODL</c> (the layers), one <c>PARM</c> per parameter tensor, and
/// <c>DONE</c>; a <see cref="Standardization"/> layer is a layer kind whose statistics take two
/// <c>PARM</c> sections, and <see cref="Sequential.Metadata"/> goes in the optional sections
/// <c>clas</c>, <c>feat</c>, <c>task</c> and <c>meta</c>. Sections with a lower-case first letter
/// are optional, and a reader skips those it does not know, so later additions (checkpoints) need
/// no new version.
/// Version-1 files still load.</para>
/// <para>Loading streams: memory stays bounded by fixed limits and by the bytes the file holds, and
/// nothing large is allocated before the checksum that covers it has matched (on seekable streams).
/// Saving replaces the file atomically (see <see cref="Save"/>). Both are safe to call from many
/// threads at once, on the same path too.</para>
/// </remarks>
public static class ModelFile
{
    /// <summary>The format version this library writes; it reads this one and every earlier one.</summary>
    public const int Version = 2;

    internal static ReadOnlySpan<byte> Magic => "NNET"u8;

    /// <summary>Saves the network's architecture, weights and <see cref="Sequential.Metadata"/> to a file, replacing it atomically.</summary>
    /// <param name="model">The network.</param>
    /// <param name="path">The file to write, conventionally ending in <c>.nnet</c>; a symbolic link is written through.</param>
    /// <remarks>
    /// The file is written under a unique temporary name in the target's folder, flushed to the disk
    /// and renamed over the target: a reader sees the old file or the new one, never a partial one,
    /// and concurrent saves to one path each complete (the last rename wins). A failure leaves the
    /// old file and no temporary behind. The target's Unix permissions are kept.
    /// </remarks>
    /// <exception cref="NotSupportedException">The network holds a layer type the format does not know.</exception>
    /// <exception cref="InvalidOperationException">
    /// A parameter holds NaN or ±∞ (the message names the layer, parameter and index), or the
    /// metadata cannot be stored: a name count that does not fit the network, a name over 64 KiB
    /// of UTF-8 or not valid Unicode.
    /// </exception>
    public static void Save(this Sequential model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ModelFileWriter.Plan plan = ModelFileWriter.Check(model);
        AtomicFile.Write(path, stream => ModelFileWriter.Write(model, plan, stream));
    }

    /// <summary>Writes the network to a stream in the current <c>.nnet</c> format.</summary>
    /// <param name="model">The network.</param>
    /// <param name="stream">A writable stream; left open. Nothing is written if the model is refused.</param>
    /// <exception cref="NotSupportedException">The network holds a layer type the format does not know.</exception>
    /// <exception cref="InvalidOperationException">
    /// A parameter holds NaN or ±∞ (the message names the layer, parameter and index), or the
    /// metadata cannot be stored: a name count that does not fit the network, a name over 64 KiB
    /// of UTF-8 or not valid Unicode.
    /// </exception>
    public static void Write(Sequential model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        ModelFileWriter.Write(model, ModelFileWriter.Check(model), stream);
    }

    /// <summary>Loads a network saved by <see cref="Save"/>, in this format version or an earlier one.</summary>
    /// <param name="path">The file.</param>
    /// <returns>A new network with the saved layers, weights and metadata.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid <c>.nnet</c> file, is truncated, fails a checksum, or comes from a newer version.</exception>
    public static Sequential Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.SequentialScan);
        return Read(stream);
    }

    /// <summary>Reads a network in the <c>.nnet</c> format (any version up to <see cref="Version"/>) from a stream.</summary>
    /// <param name="stream">A readable stream positioned at the start of the model; it is read to its end, which must be the model's end.</param>
    /// <returns>A new network.</returns>
    /// <exception cref="InvalidDataException">The data is not a valid model, is truncated, fails a checksum, or comes from a newer version.</exception>
    public static Sequential Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, extras: null);
    }

    /// <summary>Reads a model, and the optional sections named in <paramref name="extras"/> whole (version 2 only; a checkpoint's state).</summary>
    internal static Sequential Read(Stream stream, Dictionary<string, byte[]?>? extras)
    {
        var reader = new ChecksummedReader(stream);
        Span<byte> header = stackalloc byte[6];
        reader.ReadExactly(header[..4]);
        if (!header[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a NeuralNet model file: it does not start with the 'NNET' signature.");
        }

        reader.ReadExactly(header[4..]);
        int version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        switch (version)
        {
            case 1:
                reader.StartChecksum(ChecksumKind.Fnv1a64, header);
                return ModelFileVersion1.Read(reader);
            case 2:
                reader.StartChecksum(ChecksumKind.Crc32C, header);
                return ModelFileVersion2.Read(reader, extras);
            case > Version:
                throw new InvalidDataException(
                    $"The model file has format version {version}; this library reads versions 1 to {Version}. It was written by a newer NeuralNet.");
            default:
                throw new InvalidDataException($"The model file has format version {version}, which no NeuralNet has written.");
        }
    }

    /// <summary>The network from layers a reader built and checked; a shape the reader missed still becomes bad data.</summary>
    internal static Sequential Assemble(Layer[] layers, ModelMetadata? metadata = null)
    {
        Sequential model;
        try
        {
            model = new Sequential(layers);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("The model file describes an invalid network: " + e.Message, e);
        }

        if (metadata is not null)
        {
            model.Metadata = metadata;
            MetadataSections.Validate(model);
        }

        return model;
    }
}
