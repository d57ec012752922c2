namespace NeuralNet.Serialization;

/// <summary>The running checksum a <c>.nnet</c> file is protected by; it depends on the version.</summary>
internal enum ChecksumKind
{
    /// <summary>No checksum yet: the version is not known.</summary>
    None,

    /// <summary>Version 1: 64-bit FNV-1a of every byte before the final 8-byte field.</summary>
    Fnv1a64,

    /// <summary>Version 2: CRC-32C of every byte before each section's checksum field.</summary>
    Crc32C,
}
