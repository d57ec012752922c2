using System.Buffers.Binary;

namespace NeuralNet.Samples.Tests;

/// <summary>Checks that a file is a real PNG picture of the expected size, without decoding its pixels.</summary>
internal static class PngAssertions
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Asserts that <paramref name="path"/> exists, starts with the PNG signature followed by an IHDR
    /// chunk giving <paramref name="width"/>×<paramref name="height"/> pixels, and holds at least
    /// <paramref name="minimumBytes"/> bytes (a blank or text-less picture compresses far smaller).
    /// </summary>
    public static void ShouldBePng(string path, int width, int height, int minimumBytes = 5_000)
    {
        File.Exists(path).Should().BeTrue($"the program should have written {path}");
        byte[] bytes = File.ReadAllBytes(path);
        bytes.Length.Should().BeGreaterThanOrEqualTo(minimumBytes, $"{Path.GetFileName(path)} should be a non-trivial picture");
        bytes.AsSpan(0, 8).ToArray().Should().Equal(Signature, $"{Path.GetFileName(path)} should start with the PNG signature");

        // The first chunk: a 4-byte length (13), the type "IHDR", then width and height, big-endian.
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8)).Should().Be(13);
        System.Text.Encoding.ASCII.GetString(bytes, 12, 4).Should().Be("IHDR");
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)).Should().Be(width, $"{Path.GetFileName(path)} width");
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)).Should().Be(height, $"{Path.GetFileName(path)} height");
        System.Text.Encoding.ASCII.GetString(bytes, bytes.Length - 8, 4).Should().Be("IEND", $"{Path.GetFileName(path)} should be complete");
    }
}
