using System.Buffers.Binary;
using NeuralNet.Layers;

namespace NeuralNet.Serialization;

/// <summary>
/// Reads version 2 (docs/file-format.md): after the 6-byte header, a sequence of sections, each a
/// tag, a uint64 payload length, the payload and a CRC-32C of every file byte before it (the
/// earlier checksum fields excepted).
/// </summary>
/// <remarks>
/// Every length is checked against the fixed limits, what the tag allows and the bytes left before
/// anything is read for it. The architecture section is small and is checked before any layer is
/// built; on a seekable stream each parameter section's checksum is checked ahead, through one
/// small buffer, before its layer is allocated. So a damaged file costs a few kilobytes, and a
/// file that passes its checksums costs what it declares, which is at most what it holds. A
/// stream that cannot seek has its weights gathered as they arrive, so even a crafted header
/// with a valid checksum costs memory only in proportion to the bytes actually sent.
/// </remarks>
internal static class ModelFileVersion2
{
    public const int SectionHeaderLength = 12;
    public const int ChecksumLength = 4;

    /// <summary>Reads a model; optional sections named in <paramref name="extras"/> are read whole into it (a checkpoint's state).</summary>
    public static Sequential Read(ChecksummedReader reader, Dictionary<string, byte[]?>? extras = null)
    {
        PartialNetwork? network = null;
        var metadata = new ModelMetadata();
        int seen = 0;
        int parameter = 0;
        Span<byte> tag = stackalloc byte[4];
        while (true)
        {
            reader.Context = $"the section header at byte {reader.Position}";
            reader.ReadExactly(tag);
            ulong length = reader.ReadUInt64();
            string name = SectionTag.Text(tag);
            if (!SectionTag.IsWellFormed(tag))
            {
                throw new InvalidDataException(
                    $"The model file has {name} at byte {reader.Position - SectionHeaderLength} where a section tag (four ASCII letters) belongs.");
            }

            if (reader.Remaining is long left && length > (ulong)Math.Max(0, left - ChecksumLength))
            {
                throw new InvalidDataException(
                    $"Section '{name}' declares {length} bytes but the file has {Math.Max(0, left - ChecksumLength)} left for it.");
            }

            reader.Context = $"section '{name}'";
            if (tag.SequenceEqual(SectionTag.Architecture))
            {
                if (network is not null || reader.Position != 6 + SectionHeaderLength)
                {
                    throw new InvalidDataException("The model file's 'MODL' section is not its first section, or appears twice.");
                }

                network = PartialNetwork.For(ReadArchitecture(reader, length));
            }
            else if (network is null)
            {
                throw new InvalidDataException($"The model file starts with section '{name}'; the first section must be 'MODL'.");
            }
            else if (tag.SequenceEqual(SectionTag.Parameter))
            {
                ReadParameter(reader, network, parameter, length);
                parameter++;
            }
            else if (tag.SequenceEqual(SectionTag.End))
            {
                if (length != 0 || parameter != network.Owners.Length)
                {
                    throw new InvalidDataException(
                        $"The model file ends (section 'DONE' of {length} bytes) after {parameter} of its {network.Owners.Length} parameter sections.");
                }

                VerifyChecksum(reader, $"'{name}'");
                if (!reader.AtEnd())
                {
                    throw new InvalidDataException("The model file has unexpected bytes after its 'DONE' section.");
                }

                return ModelFile.Assemble(network.Layers, metadata);
            }
            else if (MetadataSections.Knows(tag, out int bit))
            {
                if ((seen & bit) != 0)
                {
                    throw new InvalidDataException($"The model file has section '{name}' twice.");
                }

                seen |= bit;
                metadata = MetadataSections.Decode(bit, ReadMetadataPayload(reader, name, length, FormatLimits.MaxMetadataSectionLength), metadata);
            }
            else if (extras is not null && extras.TryGetValue(name, out byte[]? earlier))
            {
                if (earlier is not null)
                {
                    throw new InvalidDataException($"The model file has section '{name}' twice.");
                }

                // A checkpoint's optimizer and trainer state: a few copies of the weights at most.
                long limit = Math.Min(Array.MaxLength, FormatLimits.MaxMetadataSectionLength + (16L * network.Layout.TotalValues));
                extras[name] = ReadMetadataPayload(reader, name, length, limit);
            }
            else if (SectionTag.IsRequired(tag))
            {
                throw new InvalidDataException(
                    $"The model file needs a section '{name}' that this version of NeuralNet does not know: it was written by a newer version, or is damaged.");
            }
            else if (length > FormatLimits.MaxUnknownSectionLength)
            {
                throw new InvalidDataException(
                    $"Optional section '{name}' declares {length} bytes; at most {FormatLimits.MaxUnknownSectionLength} are skipped.");
            }
            else
            {
                reader.Skip((long)length);
                VerifyChecksum(reader, $"'{name}'");
            }
        }
    }

    private static NetworkLayout ReadArchitecture(ChecksummedReader reader, ulong length)
    {
        if (length is < 5 or > FormatLimits.MaxArchitectureLength)
        {
            throw new InvalidDataException(
                $"Section 'MODL' declares {length} bytes; a network takes 5 to {FormatLimits.MaxArchitectureLength}.");
        }

        var payload = new byte[(int)length];
        reader.ReadExactly(payload);
        VerifyChecksum(reader, "'MODL'");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        if (count is < 1 or > FormatLimits.MaxLayers)
        {
            throw new InvalidDataException($"The model file declares {count} layers; expected 1 to {FormatLimits.MaxLayers}.");
        }

        var layout = new NetworkLayout();
        ReadOnlySpan<byte> rest = payload.AsSpan(4);
        for (int i = 0; i < count; i++)
        {
            if (!LayerRecord.TryParse(rest, i, out LayerRecord record))
            {
                throw new InvalidDataException($"Section 'MODL' ends inside layer {i} of {count}.");
            }

            layout.Add(record);
            rest = rest[record.Length..];
        }

        if (!rest.IsEmpty)
        {
            throw new InvalidDataException($"Section 'MODL' has {rest.Length} bytes after its {count} layers.");
        }

        long needed = (layout.TotalValues * sizeof(float)) + (layout.ParameterCount * (SectionHeaderLength + 4L + ChecksumLength));
        if (reader.Remaining is long left && needed > left)
        {
            throw new InvalidDataException($"The network needs {needed} more bytes of parameters; the file has {left} left.");
        }

        return layout;
    }

    private static void ReadParameter(ChecksummedReader reader, PartialNetwork network, int parameter, ulong length)
    {
        int[] owners = network.Owners;
        if (parameter >= owners.Length)
        {
            throw new InvalidDataException($"The model file has more 'PARM' sections than its {owners.Length} parameters.");
        }

        int layer = owners[parameter];
        LayerRecord record = network.Layout.Layers[layer];
        int slot = 0;
        while (parameter - slot > 0 && owners[parameter - slot - 1] == layer)
        {
            slot++;
        }

        long count = record.TensorLength(slot);
        if (length != (ulong)(4 + (count * sizeof(float))))
        {
            throw new InvalidDataException(
                $"Section 'PARM' {parameter} declares {length} bytes; layer {layer}'s {record.TensorName(slot)} takes {4 + (count * sizeof(float))}.");
        }

        if (reader.CanSeek && !reader.ChecksumAheadMatches((long)length, ChecksumLength))
        {
            throw ChecksumMismatch($"'PARM' {parameter}");
        }

        uint index = reader.ReadUInt32();
        if (index != parameter)
        {
            throw new InvalidDataException($"Section 'PARM' {parameter} is labelled as parameter {index}.");
        }

        if (record.IsStandardization)
        {
            network.ReadStandardization(reader, layer, slot, (int)count);
        }
        else if (record.IsBatchNorm)
        {
            network.ReadBatchNorm(reader, layer, slot, (int)count);
        }
        else if (slot == 1)
        {
            // The bias is shorter than the weight section that justified allocating its layer.
            ParameterValues.Read(reader, ((Dense)network.Layers[layer]).Bias, layer);
        }
        else if (reader.CanSeek)
        {
            var dense = (Dense)record.Create();
            ParameterValues.Read(reader, dense.Weight, layer);
            network.Layers[layer] = dense;
        }
        else
        {
            float[] values = ParameterValues.ReadAsTheyArrive(reader, (int)count);
            ParameterValues.Check(values, layer, "weight");
            var dense = (Dense)record.Create();
            values.CopyTo(dense.Weight.Value.AsSpan());
            network.Layers[layer] = dense;
        }

        VerifyChecksum(reader, $"'PARM' {parameter}");
    }

    /// <summary>
    /// Reads a metadata section's payload whole, once its checksum has matched (checked ahead on a
    /// seekable stream; on a pipe the array grows only as bytes arrive, and the checksum follows).
    /// </summary>
    private static byte[] ReadMetadataPayload(ChecksummedReader reader, string name, ulong length, long limit)
    {
        if (length > (ulong)limit)
        {
            throw new InvalidDataException($"Section '{name}' declares {length} bytes; at most {limit} are allowed.");
        }

        byte[] payload;
        if (reader.CanSeek)
        {
            if (!reader.ChecksumAheadMatches((long)length, ChecksumLength))
            {
                throw ChecksumMismatch($"'{name}'");
            }

            payload = new byte[length];
            reader.ReadExactly(payload);
        }
        else
        {
            payload = new byte[Math.Min((int)length, FormatLimits.BufferLength)];
            for (int filled = 0; ; Array.Resize(ref payload, (int)Math.Min(length, 2UL * (ulong)filled)))
            {
                reader.ReadExactly(payload.AsSpan(filled));
                filled = payload.Length;
                if ((ulong)filled == length)
                {
                    break;
                }
            }
        }

        VerifyChecksum(reader, $"'{name}'");
        return payload;
    }

    private static void VerifyChecksum(ChecksummedReader reader, string section)
    {
        ulong expected = reader.Checksum;
        if (reader.ReadChecksumField(ChecksumLength) != expected)
        {
            throw ChecksumMismatch(section);
        }
    }

    private static InvalidDataException ChecksumMismatch(string section) =>
        new($"The model file is corrupt: section {section} does not match its checksum.");
}
