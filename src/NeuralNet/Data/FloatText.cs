using System.Globalization;

namespace NeuralNet.Data;

/// <summary>
/// Parses invariant-culture decimal text to <see cref="float"/>, bit for bit as
/// <see cref="float.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider, out float)"/> with
/// <see cref="NumberStyles.Float"/> does, but several times faster for the plain numbers of a data file.
/// </summary>
/// <remarks>
/// <para>
/// The fast path is Clinger's: text of the form <c>[spaces][±]digits[.digits][e±digits][spaces]</c>
/// whose significant digits fit <c>m ≤ 2^53</c> and whose power of ten <c>10^k</c> has
/// <c>|k| ≤ 22</c> is computed as <c>m × 10^k</c> or <c>m / 10^−k</c> in double: both operands are
/// exact, so the one IEEE operation gives the correctly rounded double. Rounding that double to
/// float gives the correctly rounded float too, except when the double lies exactly halfway between
/// two floats (a double rounding could then go the wrong way): that case, like every other text,
/// goes to the runtime's parser. Results cannot be subnormal or overflow here (1e-22 ≤ |x| &lt; 1e38).
/// </para>
/// </remarks>
internal static class FloatText
{
    private const ulong MaxExactMantissa = 1UL << 53;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses <paramref name="text"/> as <see cref="float.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider, out float)"/> would (invariant, <see cref="NumberStyles.Float"/>).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out float value) =>
        TryParseFast(text, out value) || float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>The fast path alone: false for any text it does not take (which may still be a number).</summary>
    internal static bool TryParseFast(ReadOnlySpan<char> text, out float value)
    {
        value = 0;
        int i = 0, n = text.Length;
        while (i < n && text[i] == ' ')
        {
            i++;
        }

        while (n > i && text[n - 1] == ' ')
        {
            n--;
        }

        bool negative = false;
        if (i < n && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        ulong mantissa = 0;
        int digits = 0, significant = 0, exponent = 0;
        for (; i < n && (uint)(text[i] - '0') <= 9; i++, digits++)
        {
            Accumulate(ref mantissa, ref significant, text[i]);
        }

        if (i < n && text[i] == '.')
        {
            for (i++; i < n && (uint)(text[i] - '0') <= 9; i++, digits++, exponent--)
            {
                Accumulate(ref mantissa, ref significant, text[i]);
            }
        }

        if (digits == 0 || significant > 19)
        {
            return false;
        }

        if (i < n && text[i] is 'e' or 'E')
        {
            i++;
            bool negativeExponent = i < n && text[i] == '-';
            if (i < n && text[i] is '+' or '-')
            {
                i++;
            }

            int start = i, written = 0;
            for (; i < n && (uint)(text[i] - '0') <= 9 && i - start < 4; i++)
            {
                written = (written * 10) + (text[i] - '0');
            }

            if (i == start || i != n)
            {
                return false; // no exponent digits, or more than four, or text after them
            }

            exponent += negativeExponent ? -written : written;
        }

        if (i != n || mantissa > MaxExactMantissa || exponent < -22 || exponent > 22)
        {
            return false;
        }

        double d = exponent < 0 ? mantissa / PowersOfTen[-exponent] : mantissa * PowersOfTen[exponent];
        if ((BitConverter.DoubleToUInt64Bits(d) & 0x1FFF_FFFFUL) == 0x1000_0000UL)
        {
            return false; // exactly halfway between two floats: let the runtime round it
        }

        float result = (float)d;
        value = negative ? -result : result;
        return true;
    }

    /// <summary>Appends a digit; leading zeros do not count as significant.</summary>
    private static void Accumulate(ref ulong mantissa, ref int significant, char digit)
    {
        if (significant < 20)
        {
            mantissa = (mantissa * 10) + (uint)(digit - '0');
        }

        if (mantissa != 0)
        {
            significant++;
        }
    }
}
