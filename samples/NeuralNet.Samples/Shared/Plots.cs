using NeuralNet.Training;
using ScottPlot;

namespace NeuralNet.Samples.Shared;

/// <summary>
/// The pictures the programs draw, each one call that writes a PNG with ScottPlot 5 (headless Skia)
/// and returns its path, so that a program can write <c>result.Files.Add(Plots.Lines(...))</c>.
/// </summary>
/// <remarks>
/// Every method takes the output path first and a size last (default
/// <see cref="DefaultWidth"/>×<see cref="DefaultHeight"/> pixels) and creates the folder if needed.
/// A series is a tuple <c>(Label, X, Y)</c>; X and Y must have the same length. Series colours
/// follow ScottPlot's default palette in the order given, so the same order across pictures
/// gives the same colour to the same thing (e.g. one colour per optimizer); a
/// <see cref="SeriesStyle"/> per series says otherwise where lines belong together or overlap.
/// Conventions every picture keeps: training solid, validation dashed; a log axis is labelled
/// "(log scale)" and its ticks show the values themselves.
/// </remarks>
internal static class Plots
{
    /// <summary>The default picture width in pixels.</summary>
    public const int DefaultWidth = 800;

    /// <summary>The default picture height in pixels.</summary>
    public const int DefaultHeight = 500;

    /// <summary>A sans-serif font that Debian/Ubuntu images ship (fonts-dejavu-core); Skia falls back to another font when it is missing.</summary>
    private const string FontName = "DejaVu Sans";

    /// <summary>
    /// A line chart of several series (e.g. training and validation loss against epoch), with a legend.
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The title above the chart.</param>
    /// <param name="xLabel">The horizontal axis label.</param>
    /// <param name="yLabel">The vertical axis label.</param>
    /// <param name="series">The lines, each (legend label, x values, y values).</param>
    /// <param name="logY">Plots log₁₀(y) with ticks labelled in y itself; points with y ≤ 0 are dropped.</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <param name="styles">One style per series; by default solid lines in palette order.</param>
    /// <param name="logX">Plots log₁₀(x) likewise; points with x ≤ 0 are dropped.</param>
    /// <param name="note">A line of explanation under the title (what a flat stretch or an ending line means).</param>
    /// <param name="legendOutside">Puts the legend right of the chart, where it cannot hide a line.</param>
    /// <returns><paramref name="path"/>.</returns>
    public static string Lines(
        string path, string title, string xLabel, string yLabel,
        IReadOnlyList<(string Label, double[] X, double[] Y)> series,
        bool logY = false, int width = DefaultWidth, int height = DefaultHeight,
        IReadOnlyList<SeriesStyle>? styles = null, bool logX = false, string? note = null, bool legendOutside = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (styles is not null && styles.Count != series.Count)
        {
            throw new ArgumentException($"{styles.Count} styles for {series.Count} series; give one each.", nameof(styles));
        }

        var plot = NewPlot(note is null ? title : $"{title}\n{note}", xLabel, yLabel);
        var shown = new List<(double[] X, double[] Y)>();
        for (int s = 0; s < series.Count; s++)
        {
            (string label, double[] x, double[] y) = series[s];
            (double[] xs, double[] ys) = ToLog(x, y, logX, logY);
            shown.Add((xs, ys));
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = label;
            line.LineWidth = 2;
            if (styles?[s] is { } style)
            {
                AddStyled(plot, label, xs, ys, style, line);
            }
        }

        AddEndMarkers(plot, shown, styles);
        if (logY)
        {
            UseLogTicks(plot.Axes.Left, shown.SelectMany(p => p.Y));
        }

        if (logX)
        {
            UseLogTicks(plot.Axes.Bottom, shown.SelectMany(p => p.X));
        }
        else if (series.All(s => s.X.All(v => v == Math.Round(v))))
        {
            // Whole-number x (epochs, steps) gets whole-number ticks, never "epoch 2.4".
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        }

        bool legend = series.Count > 1 || series.Any(s => s.Label.Length > 0);
        return Save(plot, path, width, height, legend, legendOutside);
    }

    /// <summary>
    /// The training loss and (when present) the validation loss of a <see cref="TrainingHistory"/>
    /// against epoch: a <see cref="Lines"/> chart with the epoch on x.
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The title above the chart.</param>
    /// <param name="history">The history that <see cref="Trainer.Fit"/> returned.</param>
    /// <param name="yLabel">The vertical axis label, e.g. "cross-entropy loss".</param>
    /// <param name="logY">Plots the loss on a log scale.</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <param name="validationLabel">The legend's name for the data given to the trainer as validation data.</param>
    /// <returns><paramref name="path"/>.</returns>
    public static string Losses(
        string path, string title, TrainingHistory history, string yLabel = "loss",
        bool logY = false, int width = DefaultWidth, int height = DefaultHeight, string validationLabel = "validation")
    {
        ArgumentNullException.ThrowIfNull(history);
        double[] epochs = [.. history.Epochs.Select(e => (double)e.Epoch)];
        var series = new List<(string, double[], double[])>
        {
            ("training", epochs, [.. history.Epochs.Select(e => (double)e.TrainingLoss)]),
        };
        EpochMetrics[] validated = [.. history.Epochs.Where(e => e.ValidationLoss.HasValue)];
        if (validated.Length > 0)
        {
            series.Add((validationLabel, [.. validated.Select(e => (double)e.Epoch)], [.. validated.Select(e => (double)e.ValidationLoss!.Value)]));
        }

        // Solid for training and dashed for validation, as in every picture of the course.
        SeriesStyle[] styles = [SeriesStyle.Solid(0), SeriesStyle.Dashed(1)];
        return Lines(path, title, "epoch", yLabel, series, logY, width, height, styles: styles[..series.Count]);
    }

    /// <summary>
    /// A scatter chart of point sets, optionally with lines over them (e.g. noisy samples with fitted
    /// curves, or predicted against actual with the diagonal y = x).
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The title above the chart.</param>
    /// <param name="xLabel">The horizontal axis label.</param>
    /// <param name="yLabel">The vertical axis label.</param>
    /// <param name="points">The point sets, each (legend label, x values, y values), drawn as markers.</param>
    /// <param name="lines">Optional lines drawn over the points, each (legend label, x values, y values).</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <returns><paramref name="path"/>.</returns>
    public static string Scatter(
        string path, string title, string xLabel, string yLabel,
        IReadOnlyList<(string Label, double[] X, double[] Y)> points,
        IReadOnlyList<(string Label, double[] X, double[] Y)>? lines = null,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(points);
        var plot = NewPlot(title, xLabel, yLabel);
        foreach ((string label, double[] x, double[] y) in points)
        {
            var markers = plot.Add.Markers(x, y, MarkerShape.FilledCircle, 5);
            markers.LegendText = label;
        }

        foreach ((string label, double[] x, double[] y) in lines ?? [])
        {
            var line = plot.Add.ScatterLine(x, y);
            line.LegendText = label;
            line.LineWidth = 2.5f;
        }

        return Save(plot, path, width, height, legend: true);
    }

    /// <summary>
    /// A heat map of a function of two variables over a rectangle, with a colour bar, optional contour
    /// lines, optional paths (e.g. optimizer trajectories) and optional labelled points.
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The title above the chart.</param>
    /// <param name="xLabel">The horizontal axis label.</param>
    /// <param name="yLabel">The vertical axis label.</param>
    /// <param name="values">
    /// The grid of values: <c>values[i, j]</c> is the value at x = xMin + j·(xMax − xMin)/(columns − 1)
    /// and y = yMin + i·(yMax − yMin)/(rows − 1), so row 0 is the <b>bottom</b> edge (as in maths, not images).
    /// </param>
    /// <param name="x">The horizontal range (xMin, xMax) the grid covers.</param>
    /// <param name="y">The vertical range (yMin, yMax) the grid covers.</param>
    /// <param name="colorBarLabel">The label of the colour bar, e.g. "P(class 1)" or "log₁₀ f".</param>
    /// <param name="colorRange">The values at the two ends of the colour scale (e.g. (0, 1) for a probability); by default the data's range.</param>
    /// <param name="contours">How many contour lines to draw over the heat map, evenly spaced over the values' range; 0 for none (and none on a flat map).</param>
    /// <param name="paths">Optional lines drawn over the map, each (legend label, x values, y values), with a marker at each end.</param>
    /// <param name="points">Optional marked points, each (legend label, x values, y values).</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <param name="pathStyles">One style per path; by default solid lines in palette order, each ending in a disc.</param>
    /// <param name="note">A line of explanation under the title (e.g. what the markers mean).</param>
    /// <returns><paramref name="path"/>.</returns>
    /// <remarks>The legend stands right of the colour bar, outside the map, so that it hides no part of it.</remarks>
    public static string Surface(
        string path, string title, string xLabel, string yLabel,
        double[,] values, (double Min, double Max) x, (double Min, double Max) y,
        string colorBarLabel = "",
        (double Min, double Max)? colorRange = null,
        int contours = 0,
        IReadOnlyList<(string Label, double[] X, double[] Y)>? paths = null,
        IReadOnlyList<(string Label, double[] X, double[] Y)>? points = null,
        int width = DefaultWidth, int height = DefaultHeight,
        IReadOnlyList<SeriesStyle>? pathStyles = null, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var plot = NewPlot(note is null ? title : $"{title}\n{note}", xLabel, yLabel);

        // ScottPlot draws intensities[0, *] at the top; the caller's row 0 is the bottom.
        double[,] image = new double[rows, columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                image[rows - 1 - i, j] = values[i, j];
            }
        }

        // Cell centres sit on the grid points, so the map extends half a cell past the range.
        double halfX = columns > 1 ? (x.Max - x.Min) / (columns - 1) / 2 : 0.5;
        double halfY = rows > 1 ? (y.Max - y.Min) / (rows - 1) / 2 : 0.5;
        var heatmap = plot.Add.Heatmap(image);
        heatmap.Extent = new CoordinateRect(x.Min - halfX, x.Max + halfX, y.Min - halfY, y.Max + halfY);
        // Under coloured paths the map is grey, from white at the lowest values (where the paths
        // go) to mid-grey: on Viridis, SGD's blue and Adam's brown vanished into the map's own blues.
        bool greyMap = paths is { Count: > 0 };
        heatmap.Colormap = greyMap
            ? new ScottPlot.Colormaps.CustomInterpolated([Colors.White, Color.FromHex("#8C8C8C")])
            : new ScottPlot.Colormaps.Viridis();
        if (colorRange is { } range)
        {
            heatmap.ManualRange = new ScottPlot.Range(range.Min, range.Max);
        }

        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = colorBarLabel;

        // Contour levels span the data's range: on a flat map (less than 0.1 % of the colour
        // scale) they would trace rounding noise, so none are drawn.
        double low = values.Cast<double>().Min(), high = values.Cast<double>().Max();
        double scale = colorRange is { } r ? r.Max - r.Min : Math.Max(Math.Abs(low), Math.Abs(high));
        if (contours > 0 && high - low > 1e-3 * scale)
        {
            var grid = new Coordinates3d[rows, columns];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    grid[i, j] = new Coordinates3d(
                        x.Min + (columns > 1 ? j * (x.Max - x.Min) / (columns - 1) : 0),
                        y.Min + (rows > 1 ? i * (y.Max - y.Min) / (rows - 1) : 0),
                        values[i, j]);
                }
            }

            var lines = plot.Add.ContourLines(grid, contours);
            lines.LineColor = greyMap ? Colors.Black.WithAlpha(0.35) : Colors.White.WithAlpha(0.6);
            lines.LineWidth = 1;
            lines.LabelStyle.IsVisible = false;
        }

        paths ??= [];
        pathStyles ??= [.. paths.Select((_, p) => new SeriesStyle(p, LinePattern.Solid, 2, MarkerShape.FilledCircle))];
        for (int p = 0; p < paths.Count; p++)
        {
            (string label, double[] xs, double[] ys) = paths[p];
            AddStyled(plot, label, xs, ys, pathStyles[p], plot.Add.ScatterLine(xs, ys));
        }

        AddEndMarkers(plot, [.. paths.Select(p => (p.X, p.Y))], pathStyles);

        int colour = paths.Count;
        foreach ((string label, double[] xs, double[] ys) in points ?? [])
        {
            // A black disc under each point keeps it visible on any colour of the map.
            var fill = new SeriesStyle(colour++, LinePattern.Solid).Color;
            plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 15, Colors.Black);
            plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 11, fill);
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = label,
                LineWidth = 0,
                MarkerShape = MarkerShape.FilledCircle,
                MarkerFillColor = fill,
                MarkerLineColor = Colors.Black,
                MarkerLineWidth = 2,
                MarkerSize = 11,
            });
        }

        plot.Axes.SetLimits(x.Min - halfX, x.Max + halfX, y.Min - halfY, y.Max + halfY);
        return Save(plot, path, width, height, legend: paths.Count + (points?.Count ?? 0) > 0, legendOutside: paths.Count > 0);
    }

    /// <summary>
    /// A confusion matrix: each cell shows its count and its share of the row, and is shaded by that
    /// share, with a colour bar. Shading by the row's share rather than by the count makes a small
    /// class's cells as readable as a large one's: a class recognised 33 times out of 35 is as dark
    /// as one recognised 77 times out of 79.
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The title above the chart.</param>
    /// <param name="rowAxisLabel">The label of the rows' axis, e.g. "actual".</param>
    /// <param name="columnAxisLabel">The label of the columns' axis, e.g. "predicted".</param>
    /// <param name="labels">The class names, in row (and column) order.</param>
    /// <param name="counts">The square matrix of counts; <c>counts[r, c]</c> is drawn in row r from the top, column c from the left.</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <returns><paramref name="path"/>.</returns>
    public static string Matrix(
        string path, string title, string rowAxisLabel, string columnAxisLabel,
        IReadOnlyList<string> labels, int[,] counts,
        int width = 600, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(counts);
        int n = labels.Count;
        var plot = NewPlot(title, columnAxisLabel, rowAxisLabel);
        double[,] shares = new double[n, n];
        for (int r = 0; r < n; r++)
        {
            int total = 0;
            for (int c = 0; c < n; c++)
            {
                total += counts[r, c];
            }

            for (int c = 0; c < n; c++)
            {
                shares[r, c] = total == 0 ? 0 : (double)counts[r, c] / total;
            }
        }

        // The heat map's row 0 is drawn at the top, as a table reads; cell (r, c) is centred on (c, n − 1 − r).
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Extent = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        heatmap.Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues()); // white at 0, deep blue at 1
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = $"share of the {rowAxisLabel} class";
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                string count = counts[r, c].ToString(System.Globalization.CultureInfo.InvariantCulture);
                string share = shares[r, c].ToString("P1", System.Globalization.CultureInfo.InvariantCulture);
                var text = plot.Add.Text($"{count}\n{share}", c, n - 1 - r);
                text.LabelFontSize = 22;
                text.LabelBold = true;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = shares[r, c] > 0.5 ? Colors.White : Colors.Black;
            }
        }

        double[] positions = [.. Enumerable.Range(0, n).Select(i => (double)i)];
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, [.. labels]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. positions.Select(p => n - 1 - p)], [.. labels]);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        return Save(plot, path, width, height, legend: false);
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static string Save(Plot plot, string path, int width, int height, bool legend, bool legendOutside = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (legend && legendOutside)
        {
            plot.ShowLegend(Edge.Right);
        }
        else if (legend)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }

        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        plot.SavePng(path, width, height);
        return path;
    }

    /// <summary>
    /// Gives <paramref name="line"/> its style; the legend entry is made by hand so that it shows the
    /// pattern and the end marker (<see cref="AddEndMarkers"/>) together.
    /// </summary>
    private static void AddStyled(Plot plot, string label, double[] xs, double[] ys, SeriesStyle style, ScottPlot.Plottables.Scatter line)
    {
        line.Color = style.Color;
        line.LinePattern = style.Pattern;
        line.LineWidth = style.Width;
        line.LegendText = string.Empty;

        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = label,
            LineColor = style.Color,
            LineWidth = Math.Min(style.Width, 4),
            LinePattern = style.Pattern,
            MarkerShape = style.Marker,
            MarkerFillColor = style.Color,
            MarkerLineColor = style.Color,
            MarkerSize = 9,
        });
    }

    /// <summary>
    /// Draws each styled line's marker on its last point, after all the lines, so that a line drawn
    /// later cannot cover where an earlier one ended.
    /// </summary>
    private static void AddEndMarkers(Plot plot, List<(double[] X, double[] Y)> lines, IReadOnlyList<SeriesStyle>? styles)
    {
        for (int i = 0; i < lines.Count && styles is not null; i++)
        {
            (double[] xs, double[] ys) = lines[i];
            if (styles[i].Marker != MarkerShape.None && xs.Length > 0)
            {
                var marker = plot.Add.Markers(new[] { xs[^1] }, new[] { ys[^1] }, styles[i].Marker, 11, styles[i].Color);
                marker.MarkerLineWidth = 2;
            }
        }
    }

    private static (double[] X, double[] Y) ToLog(double[] x, double[] y, bool logX, bool logY)
    {
        var xs = new List<double>(x.Length);
        var ys = new List<double>(y.Length);
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            if ((!logX || (x[i] > 0 && double.IsFinite(x[i]))) && (!logY || (y[i] > 0 && double.IsFinite(y[i]))))
            {
                xs.Add(logX ? Math.Log10(x[i]) : x[i]);
                ys.Add(logY ? Math.Log10(y[i]) : y[i]);
            }
        }

        return ([.. xs], [.. ys]);
    }

    /// <summary>
    /// Ticks for an axis that holds log₁₀ of the values, labelled with the values themselves: a label
    /// at each decade when the data spans two or more, at 1, 2 and 5 times a decade when it spans less
    /// (so a curve from 4.5 down to 0.3 still has numbers beside it), and minor ticks at the other multiples.
    /// </summary>
    internal static void UseLogTicks(IAxis axis, IEnumerable<double> logValues)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (double v in logValues)
        {
            low = Math.Min(low, v);
            high = Math.Max(high, v);
        }

        if (!(low <= high))
        {
            return;
        }

        double span = high - low;
        int[] labelled = span >= 2 ? [1] : span >= 0.5 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int decade = (int)Math.Floor(low) - 1; decade <= (int)Math.Ceiling(high) + 1; decade++)
        {
            for (int m = 1; m <= 9; m++)
            {
                double position = Math.Log10(m) + decade;
                if (position < low - 0.5 || position > high + 0.5)
                {
                    continue;
                }

                if (labelled.Contains(m))
                {
                    ticks.AddMajor(position, LogLabel(m, decade));
                }
                else
                {
                    ticks.AddMinor(position);
                }
            }
        }

        axis.TickGenerator = ticks;
    }

    /// <summary>m·10^decade written briefly: 0.02, 5, 300, or 1e-6 when that would take many zeros.</summary>
    private static string LogLabel(int m, int decade) =>
        decade is >= -3 and <= 4
            ? (m * Math.Pow(10, decade)).ToString("G4", System.Globalization.CultureInfo.InvariantCulture)
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{m}e{decade}");
}
