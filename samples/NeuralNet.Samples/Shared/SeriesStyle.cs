using ScottPlot;

namespace NeuralNet.Samples.Shared;

/// <summary>
/// How one line of a picture is drawn, so that lines that lie on top of each other stay
/// distinguishable (a wide solid line under a narrow dashed one) and lines that belong together
/// look alike (one colour per model, solid for training and dashed for validation).
/// </summary>
/// <param name="Colour">An index into ScottPlot's default palette (Category10): the same index is the same colour in every picture.</param>
/// <param name="Pattern">Solid, dashed or dotted.</param>
/// <param name="Width">The line width in pixels.</param>
/// <param name="Marker">A marker drawn on the line's last point and beside its legend entry; <see cref="MarkerShape.None"/> for none.</param>
internal readonly record struct SeriesStyle(int Colour, LinePattern Pattern, float Width = 2, MarkerShape Marker = MarkerShape.None)
{
    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>The colour that <see cref="Colour"/> names.</summary>
    public Color Color => Palette.GetColor(Colour);

    /// <summary>A solid line of the given palette colour, 2 pixels wide.</summary>
    public static SeriesStyle Solid(int colour) => new(colour, LinePattern.Solid);

    /// <summary>A dashed line of the given palette colour, 2 pixels wide.</summary>
    public static SeriesStyle Dashed(int colour) => new(colour, LinePattern.Dashed);
}
