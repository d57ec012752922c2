namespace NeuralNet.Playground.Rendering;

/// <summary>
/// Colours for the pictures: the decision surface's diverging orange–white–blue scale (the TensorFlow
/// Playground's), and the race surface's banded scale whose steps read as contour lines.
/// </summary>
public static class ColorMap
{
    /// <summary>The colour of class 0 ("orange", and negative regression values).</summary>
    public const string Orange = "#f59322";

    /// <summary>The colour of class 1 ("blue", and positive regression values).</summary>
    public const string Blue = "#0877bd";

    private static readonly (byte R, byte G, byte B) s_orange = (0xf5, 0x93, 0x22);
    private static readonly (byte R, byte G, byte B) s_blue = (0x08, 0x77, 0xbd);

    /// <summary>
    /// RGBA pixels for values on a diverging scale: <paramref name="low"/> orange, the middle white,
    /// <paramref name="high"/> blue, lightened (as the Playground does) so the points drawn over stay visible.
    /// </summary>
    /// <param name="values">The values, row-major.</param>
    /// <param name="low">The value drawn fully orange.</param>
    /// <param name="high">The value drawn fully blue.</param>
    /// <returns>Four bytes per value.</returns>
    public static byte[] Diverging(ReadOnlySpan<float> values, float low, float high)
    {
        var rgba = new byte[values.Length * 4];
        float middle = (low + high) / 2, half = (high - low) / 2;
        for (int i = 0; i < values.Length; i++)
        {
            float t = float.IsFinite(values[i]) ? Math.Clamp((values[i] - middle) / half, -1f, 1f) : 0f;
            (byte r, byte g, byte b) = t < 0 ? s_orange : s_blue;
            float a = MathF.Abs(t) * 0.75f; // at most 75 % of the class colour over white
            rgba[(4 * i) + 0] = Blend(r, a);
            rgba[(4 * i) + 1] = Blend(g, a);
            rgba[(4 * i) + 2] = Blend(b, a);
            rgba[(4 * i) + 3] = 255;
        }

        return rgba;
    }

    /// <summary>
    /// RGBA pixels for a function's values on a banded blue scale, <paramref name="bands"/> steps from
    /// dark (lowest) to light: the edges between bands are the contour lines.
    /// </summary>
    /// <param name="values">The values, row-major.</param>
    /// <param name="bands">How many bands.</param>
    /// <returns>Four bytes per value.</returns>
    public static byte[] Banded(ReadOnlySpan<double> values, int bands)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var rgba = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            double t = max > min ? (values[i] - min) / (max - min) : 0;
            double band = Math.Min(Math.Floor(t * bands), bands - 1) / (bands - 1);
            rgba[(4 * i) + 0] = (byte)(40 + (band * 200));
            rgba[(4 * i) + 1] = (byte)(70 + (band * 180));
            rgba[(4 * i) + 2] = (byte)(120 + (band * 130));
            rgba[(4 * i) + 3] = 255;
        }

        return rgba;
    }

    private static byte Blend(byte channel, float amount) => (byte)MathF.Round(255 + ((channel - 255) * amount));
}
