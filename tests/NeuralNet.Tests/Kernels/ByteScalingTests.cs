using NeuralNet.Kernels;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// <see cref="ByteScaling.Divide"/> against the scalar formula <c>b / divisor</c>, bit for bit, over
/// every length 0–256 at every misalignment (every remainder of every vector width) and every byte
/// value; CI reruns it on each SIMD path.
/// </summary>
public sealed class ByteScalingTests
{
    private const int Guard = 9;

    [Fact]
    public void Divide_EveryLengthAndOffset_MatchesScalarFormulaBitForBit()
    {
        byte[] source = new byte[256 + 64];
        new Random(5).NextBytes(source);
        for (int length = 0; length <= 256; length++)
        {
            for (int offset = 0; offset < 5; offset++)
            {
                float[] destination = new float[length + Guard + offset];
                Array.Fill(destination, -1f);

                ByteScaling.Divide(source.AsSpan(offset, length), 255f, destination.AsSpan(offset));

                for (int i = 0; i < destination.Length; i++)
                {
                    float expected = i >= offset && i < offset + length ? source[i] / 255f : -1f;
                    BitConverter.SingleToInt32Bits(destination[i]).Should().Be(
                        BitConverter.SingleToInt32Bits(expected), $"length {length}, offset {offset}, index {i}");
                }
            }
        }
    }

    [Theory]
    [InlineData(255f)]
    [InlineData(3f)]
    [InlineData(0.1f)]
    public void Divide_EveryByteValue_EqualsTheScalarDivisionOnBothPaths(float divisor)
    {
        byte[] all = [.. Enumerable.Range(0, 256).Select(b => (byte)b)];
        float[] vector = new float[256], scalar = new float[256];

        ByteScaling.Divide(all, divisor, vector);
        ByteScaling.Divide(all, divisor, scalar, vectorized: false);

        for (int b = 0; b < 256; b++)
        {
            BitConverter.SingleToInt32Bits(vector[b]).Should().Be(BitConverter.SingleToInt32Bits(b / divisor), $"byte {b}");
            BitConverter.SingleToInt32Bits(scalar[b]).Should().Be(BitConverter.SingleToInt32Bits(b / divisor), $"byte {b}");
        }
    }

    [Fact]
    public void Divide_ShorterDestination_Throws()
    {
        Action act = () => ByteScaling.Divide(new byte[10], 255f, new float[9]);

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("destination");
    }
}
