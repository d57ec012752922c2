using System.Globalization;
using ScottPlot;

namespace NeuralNet.Samples.Programs;

/// <summary>
/// The race's progress chart. Like <see cref="Shared.Plots.Lines"/>, but with the legend in the lower
/// left: the slow optimizers' lines end in the upper right, where the shared helper puts it.
/// </summary>
internal static class OptimizerRacePlots
{
    /// <summary>Writes a line chart of one series per optimizer against step.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="title">The title.</param>
    /// <param name="yLabel">The vertical axis label.</param>
    /// <param name="series">(optimizer, y after each step); index 0 is the start.</param>
    /// <param name="logY">Plot log₁₀ y with labels showing y; values ≤ 0 are dropped.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns><paramref name="path"/>.</returns>
    public static string Progress(string path, string title, string yLabel, IReadOnlyList<(string Label, double[] Y)> series, bool logY, int width, int height)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel(yLabel);
        foreach ((string label, double[] y) in series)
        {
            var xs = new List<double>(y.Length);
            var ys = new List<double>(y.Length);
            for (int i = 0; i < y.Length; i++)
            {
                if (!logY || y[i] > 0)
                {
                    xs.Add(i);
                    ys.Add(logY ? Math.Log10(y[i]) : y[i]);
                }
            }

            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = label;
            line.LineWidth = 2;
        }

        if (logY)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = v => Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture),
            };
        }

        plot.ShowLegend(Alignment.LowerLeft);
        plot.SavePng(path, width, height);
        return path;
    }
}
