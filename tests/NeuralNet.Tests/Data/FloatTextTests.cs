using System.Globalization;
using NeuralNet.Data;

namespace NeuralNet.Tests.Data;

/// <summary>The fast float parser must agree bit for bit with the runtime's, on every text.</summary>
public sealed class FloatTextTests
{
    private static void AssertSameAsRuntime(string text)
    {
        bool expectedOk = float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float expected);
        bool ok = FloatText.TryParse(text, out float actual);

        ok.Should().Be(expectedOk, $"'{text}' parses in the runtime: {expectedOk}");
        if (ok)
        {
            BitConverter.SingleToUInt32Bits(actual).Should().Be(BitConverter.SingleToUInt32Bits(expected), $"'{text}' is {expected:R}, not {actual:R}");
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("+0.0")]
    [InlineData("5.1")]
    [InlineData(" 612 ")]
    [InlineData("-2e-3")]
    [InlineData("1E+10")]
    [InlineData(".25")]
    [InlineData("7.")]
    [InlineData("0.000001234")]
    [InlineData("16777217")] // 2^24 + 1, not a float: rounds to even
    [InlineData("9007199254740993")] // 2^53 + 1: beyond the fast path
    [InlineData("1234567890123456789")]
    [InlineData("12345678901234567890123")]
    [InlineData("1e22")]
    [InlineData("1e23")]
    [InlineData("1e-22")]
    [InlineData("3.4028235e38")]
    [InlineData("1e39")]
    [InlineData("1e-50")]
    [InlineData("1e00005")]
    [InlineData("\t1.5\t")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("e5")]
    [InlineData("1.2.3")]
    [InlineData("1,5")]
    [InlineData("--1")]
    [InlineData("1 2")]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    [InlineData("0x10")]
    [InlineData("1_000")]
    public void TryParse_EdgeCases_MatchRuntime(string text) => AssertSameAsRuntime(text);

    [Fact]
    public void TryParse_RandomDecimals_MatchRuntimeBitForBit()
    {
        var random = new Random(11);
        for (int i = 0; i < 200_000; i++)
        {
            double magnitude = Math.Pow(10, random.Next(-12, 12));
            double x = (random.NextDouble() - 0.5) * magnitude;
            string format = random.Next(4) switch { 0 => "R", 1 => "F6", 2 => "E9", _ => "G17" };
            AssertSameAsRuntime(x.ToString(format, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void TryParse_FloatMidpoints_MatchRuntime()
    {
        // Halfway between two adjacent floats, written exactly: where a double rounding could go wrong.
        var random = new Random(12);
        for (int i = 0; i < 20_000; i++)
        {
            float f = (float)(random.NextDouble() * Math.Pow(10, random.Next(-6, 8)));
            double midpoint = ((double)f + (double)MathF.BitIncrement(f)) / 2;
            AssertSameAsRuntime(((decimal)midpoint).ToString(CultureInfo.InvariantCulture));
            AssertSameAsRuntime(midpoint.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void TryParseFast_TakesThePlainNumbersOfDataFiles()
    {
        FloatText.TryParseFast("-12.345678", out float value).Should().BeTrue();
        value.Should().Be(-12.345678f);
        FloatText.TryParseFast("1e-30", out _).Should().BeFalse("beyond 10^±22 the runtime parses it");
    }
}
