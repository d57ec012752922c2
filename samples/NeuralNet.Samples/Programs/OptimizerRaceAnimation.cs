using System.Globalization;
using System.Text;

namespace NeuralNet.Samples.Programs;

/// <summary>
/// The race as an animated SVG: contour lines of the surface and each optimizer's path drawn step by
/// step, with SMIL <c>&lt;animate&gt;</c>/<c>&lt;animateMotion&gt;</c> only — no scripts, no external
/// files, so it plays from a README or a browser tab as it is.
/// </summary>
internal static class OptimizerRaceAnimation
{
    // ScottPlot's default palette (Category10), in the same order as the PNGs' series.
    private static readonly string[] Colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"];

    private const int Width = 820, Height = 560, Left = 50, Top = 50, PlotWidth = 600, PlotHeight = 460;
    private const double Seconds = 10;

    /// <summary>
    /// The values drawn under the paths: log₁₀(1 + f) for surfaces with a minimum of 0, whose values
    /// span many decades (so evenly spaced levels are log-spaced in f), and f itself for the saddle.
    /// </summary>
    /// <param name="surface">The function.</param>
    /// <param name="rows">Grid points along y; row 0 is the bottom edge.</param>
    /// <param name="columns">Grid points along x.</param>
    /// <param name="label">What the values are, for a colour bar.</param>
    /// <returns>values[i, j] at x = X.Min + j·Δx, y = Y.Min + i·Δy.</returns>
    public static double[,] Grid(OptimizerRaceSurface surface, int rows, int columns, out string label)
    {
        bool logarithmic = surface.Minimum is not null;
        label = logarithmic ? "log₁₀(1 + f)" : "f";
        var values = new double[rows, columns];
        for (int i = 0; i < rows; i++)
        {
            double y = surface.Y.Min + (i * (surface.Y.Max - surface.Y.Min) / (rows - 1));
            for (int j = 0; j < columns; j++)
            {
                double x = surface.X.Min + (j * (surface.X.Max - surface.X.Min) / (columns - 1));
                double f = surface.Value(x, y);
                values[i, j] = logarithmic ? Math.Log10(1 + f) : f;
            }
        }

        return values;
    }

    /// <summary>Writes the animated SVG.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="surface">The function, for the window and title.</param>
    /// <param name="paths">The optimizers' paths, in legend order.</param>
    /// <param name="grid">Values from <see cref="Grid"/>, for the contour lines.</param>
    /// <param name="frames">Key frames per loop; paths are sampled at evenly spaced steps.</param>
    public static void Write(string path, OptimizerRaceSurface surface, IReadOnlyList<OptimizerRacePath> paths, double[,] grid, int frames)
    {
        int steps = paths.Max(p => p.X.Length - 1);
        var svg = new StringBuilder();
        svg.Append(Invariant($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="sans-serif">"""));
        svg.Append('\n');
        svg.Append(Invariant($"""<rect width="{Width}" height="{Height}" fill="white"/><text x="{Left}" y="22" font-size="16">{Escape(surface.Formula)}</text>"""));
        svg.Append(Invariant($"""<text x="{Left}" y="40" font-size="12" fill="#555">each loop: {steps} steps in {Seconds:F0} s; start ({surface.Start.X}, {surface.Start.Y})</text>"""));
        svg.Append(Invariant($"""<defs><clipPath id="area"><rect x="{Left}" y="{Top}" width="{PlotWidth}" height="{PlotHeight}"/></clipPath></defs>"""));
        svg.Append(Invariant($"""<rect x="{Left}" y="{Top}" width="{PlotWidth}" height="{PlotHeight}" fill="#f7f7f7" stroke="#333"/>"""));
        svg.Append('\n');
        AppendContours(svg, surface, grid, levels: 14);
        AppendAxes(svg, surface);

        svg.Append("<g clip-path=\"url(#area)\">\n");
        if (surface.Minimum is { } minimum)
        {
            (double mx, double my) = ToPixel(surface, minimum.X, minimum.Y);
            svg.Append(Invariant($"""<path d="M{mx - 7:F1},{my}h14M{mx},{my - 7:F1}v14" stroke="black" stroke-width="2"/>"""));
        }

        for (int p = 0; p < paths.Count; p++)
        {
            AppendPath(svg, surface, paths[p], Colors[p % Colors.Length], steps, frames);
        }

        svg.Append("</g>\n");
        for (int p = 0; p < paths.Count; p++)
        {
            int y = Top + 20 + (p * 22);
            svg.Append(Invariant($"""<line x1="{Left + PlotWidth + 20}" y1="{y}" x2="{Left + PlotWidth + 45}" y2="{y}" stroke="{Colors[p % Colors.Length]}" stroke-width="3"/>"""));
            svg.Append(Invariant($"""<text x="{Left + PlotWidth + 52}" y="{y + 4}" font-size="13">{Escape(paths[p].Optimizer)}</text>"""));
        }

        svg.Append("\n</svg>\n");
        File.WriteAllText(path, svg.ToString());
    }

    private static void AppendPath(StringBuilder svg, OptimizerRaceSurface surface, OptimizerRacePath path, string color, int steps, int frames)
    {
        // Key frame k shows step k·steps/frames; a path that stopped early holds its last point.
        var points = new (double X, double Y)[frames + 1];
        for (int k = 0; k <= frames; k++)
        {
            int step = Math.Min((int)Math.Round((double)k * steps / frames), path.X.Length - 1);
            points[k] = ToPixel(surface, path.X[step], path.Y[step]);
        }

        // The trail is revealed by animating its dash offset from its full length down to 0, with one
        // value per key frame so the line keeps pace with the moving dot rather than with arc length.
        var lengths = new double[points.Length];
        for (int k = 1; k < points.Length; k++)
        {
            lengths[k] = lengths[k - 1] + Math.Sqrt(Math.Pow(points[k].X - points[k - 1].X, 2) + Math.Pow(points[k].Y - points[k - 1].Y, 2));
        }

        double total = Math.Max(lengths[^1], 1e-3);
        string polyline = string.Join(' ', points.Select(q => Invariant($"{q.X:F1},{q.Y:F1}")));
        string offsets = string.Join(';', lengths.Select(l => Invariant($"{total - l:F1}")));
        string motion = string.Join(';', points.Select(q => Invariant($"{q.X:F1},{q.Y:F1}")));
        svg.Append(Invariant($"""<polyline points="{polyline}" fill="none" stroke="{color}" stroke-width="2.5" stroke-dasharray="{total + 1:F1}" stroke-dashoffset="{total:F1}">"""));
        svg.Append(Invariant($"""<animate attributeName="stroke-dashoffset" values="{offsets}" dur="{Seconds}s" calcMode="linear" repeatCount="indefinite"/></polyline>"""));
        svg.Append('\n');
        svg.Append(Invariant($"""<circle r="5" fill="{color}" stroke="white" stroke-width="1.5"><animateMotion values="{motion}" dur="{Seconds}s" calcMode="linear" repeatCount="indefinite"/></circle>"""));
        svg.Append('\n');
    }

    /// <summary>Contour lines by marching squares: each grid cell contributes the segment(s) where a level crosses its edges.</summary>
    private static void AppendContours(StringBuilder svg, OptimizerRaceSurface surface, double[,] grid, int levels)
    {
        int rows = grid.GetLength(0), columns = grid.GetLength(1);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in grid)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        double dx = (surface.X.Max - surface.X.Min) / (columns - 1), dy = (surface.Y.Max - surface.Y.Min) / (rows - 1);
        Span<(double X, double Y)> crossings = stackalloc (double, double)[4];
        for (int level = 1; level <= levels; level++)
        {
            double c = min + ((max - min) * level / (levels + 1));
            var d = new StringBuilder();
            for (int i = 0; i + 1 < rows; i++)
            {
                for (int j = 0; j + 1 < columns; j++)
                {
                    double x0 = surface.X.Min + (j * dx), y0 = surface.Y.Min + (i * dy);
                    double v00 = grid[i, j], v01 = grid[i, j + 1], v10 = grid[i + 1, j], v11 = grid[i + 1, j + 1];
                    int n = 0;
                    // Edges in order round the cell: bottom, right, top, left.
                    n = Cross(v00, v01, c, x0, y0, x0 + dx, y0, crossings, n);
                    n = Cross(v01, v11, c, x0 + dx, y0, x0 + dx, y0 + dy, crossings, n);
                    n = Cross(v11, v10, c, x0 + dx, y0 + dy, x0, y0 + dy, crossings, n);
                    n = Cross(v10, v00, c, x0, y0 + dy, x0, y0, crossings, n);
                    for (int s = 0; s + 1 < n; s += 2)
                    {
                        (double ax, double ay) = ToPixel(surface, crossings[s].X, crossings[s].Y);
                        (double bx, double by) = ToPixel(surface, crossings[s + 1].X, crossings[s + 1].Y);
                        d.Append(Invariant($"M{ax:F1},{ay:F1}L{bx:F1},{by:F1}"));
                    }
                }
            }

            if (d.Length > 0)
            {
                // Darker lines for lower levels, so the valley reads at a glance.
                int shade = 60 + (150 * level / levels);
                svg.Append(Invariant($"""<path d="{d}" fill="none" stroke="rgb({shade / 3},{shade / 2 + 40},{shade})" stroke-width="1"/>"""));
                svg.Append('\n');
            }
        }
    }

    private static int Cross(double va, double vb, double c, double xa, double ya, double xb, double yb, Span<(double X, double Y)> crossings, int n)
    {
        if ((va < c) == (vb < c) || n >= crossings.Length)
        {
            return n;
        }

        double t = (c - va) / (vb - va);
        crossings[n] = (xa + (t * (xb - xa)), ya + (t * (yb - ya)));
        return n + 1;
    }

    private static void AppendAxes(StringBuilder svg, OptimizerRaceSurface surface)
    {
        for (int k = 0; k <= 4; k++)
        {
            double x = surface.X.Min + ((surface.X.Max - surface.X.Min) * k / 4);
            double y = surface.Y.Min + ((surface.Y.Max - surface.Y.Min) * k / 4);
            (double px, _) = ToPixel(surface, x, surface.Y.Min);
            (_, double py) = ToPixel(surface, surface.X.Min, y);
            svg.Append(Invariant($"""<text x="{px:F1}" y="{Top + PlotHeight + 18}" font-size="12" text-anchor="middle">{x:G3}</text>"""));
            svg.Append(Invariant($"""<text x="{Left - 6}" y="{py + 4:F1}" font-size="12" text-anchor="end">{y:G3}</text>"""));
        }

        svg.Append(Invariant($"""<text x="{Left + (PlotWidth / 2)}" y="{Top + PlotHeight + 38}" font-size="13" text-anchor="middle">x</text>"""));
        svg.Append(Invariant($"""<text x="{Left - 36}" y="{Top + (PlotHeight / 2)}" font-size="13">y</text>"""));
        svg.Append('\n');
    }

    private static (double X, double Y) ToPixel(OptimizerRaceSurface surface, double x, double y) =>
        (Left + ((x - surface.X.Min) / (surface.X.Max - surface.X.Min) * PlotWidth),
         Top + ((surface.Y.Max - y) / (surface.Y.Max - surface.Y.Min) * PlotHeight));

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
