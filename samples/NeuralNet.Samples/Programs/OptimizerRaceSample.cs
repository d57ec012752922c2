using System.Globalization;
using NeuralNet.Optimizers;
using NeuralNet.Samples.Shared;
using ScottPlot;

namespace NeuralNet.Samples.Programs;

/// <summary>
/// The optimizer race: SGD, Momentum, Nesterov, Adagrad, RMSProp and Adam minimise three classic
/// 2-D surfaces from the same start, each with a learning rate chosen for it (stated below), using
/// the library's optimizers on a <see cref="NeuralNet.Tensors.Parameter"/> that holds the point.
/// </summary>
/// <remarks>
/// Writes per surface a contour map with every path, a distance-to-minimum (for the saddle: f)
/// against step chart, and an animated SVG of the paths (SMIL, no scripts).
/// </remarks>
internal sealed class OptimizerRaceSample : ISample
{
    /// <summary>The optimizers in legend order, which is also colour order in every picture.</summary>
    public static IReadOnlyList<string> OptimizerNames { get; } = ["SGD", "Momentum", "Nesterov", "Adagrad", "RMSProp", "Adam"];

    /// <summary>
    /// How each optimizer's line is drawn, in <see cref="OptimizerNames"/> order. Paths that share a
    /// stretch (all of them along Rosenbrock's valley floor, Momentum and Nesterov almost everywhere)
    /// must all stay visible: each line is narrower than the one before and drawn over it, so that
    /// every line shows as a rim around the later ones, like the strands of a cable; the end markers
    /// differ in shape as well as colour.
    /// </summary>
    public static IReadOnlyList<SeriesStyle> Styles { get; } =
    [
        new(0, LinePattern.Solid, 11, MarkerShape.FilledCircle),
        new(1, LinePattern.Solid, 8, MarkerShape.FilledSquare),
        new(2, LinePattern.Solid, 5.5f, MarkerShape.FilledTriangleUp),
        new(3, LinePattern.Solid, 3.5f, MarkerShape.FilledDiamond),
        new(4, LinePattern.Solid, 2, MarkerShape.FilledTriangleDown),
        new(5, LinePattern.Solid, 1.2f, MarkerShape.OpenCircle),
    ];

    /// <inheritdoc/>
    public string Name => "race";

    /// <inheritdoc/>
    public string Description => "SGD, Momentum, Nesterov, Adagrad, RMSProp and Adam on Rosenbrock, Beale and a saddle";

    /// <summary>The surfaces, each with its step count.</summary>
    public static IReadOnlyList<(OptimizerRaceSurface Surface, int Steps)> Course(bool quick) =>
    [
        (OptimizerRaceSurface.Rosenbrock, quick ? 2000 : 3000),
        (OptimizerRaceSurface.Beale, quick ? 2000 : 3000),
        (OptimizerRaceSurface.Saddle, 150),
    ];

    /// <summary>
    /// A fresh optimizer of the given name with the learning rate chosen for the surface. The rates are
    /// roughly the largest that keep each method stable from the start, so the race compares methods,
    /// not tuning: plain gradient steps must stay below 2/λ_max of the steepest wall (λ_max ≈ 1000 at
    /// Rosenbrock's minimum), while the adaptive methods take steps of about η whatever the gradient's scale.
    /// Momentum terms are the defaults (μ = 0.9; Adam β = (0.9, 0.999); RMSProp α = 0.99).
    /// </summary>
    public static Optimizer Create(string optimizer, OptimizerRaceSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        (float sgd, float momentum, float adagrad, float rmsProp, float adam) = surface.Name switch
        {
            "rosenbrock" => (1e-3f, 1e-3f, 0.5f, 0.01f, 0.05f),
            "beale" => (1e-3f, 1e-3f, 0.5f, 0.01f, 0.05f),
            _ => (0.01f, 0.01f, 0.1f, 0.01f, 0.05f),
        };
        return optimizer switch
        {
            "SGD" => new Sgd(sgd),
            "Momentum" => new Momentum(momentum),
            "Nesterov" => new Nesterov(momentum),
            "Adagrad" => new Adagrad(adagrad),
            "RMSProp" => new RmsProp(rmsProp),
            "Adam" => new Adam(adam),
            _ => throw new ArgumentOutOfRangeException(nameof(optimizer), optimizer, "Unknown optimizer."),
        };
    }

    /// <inheritdoc/>
    public SampleResult Run(SampleOptions options, SampleConsole console)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        var result = new SampleResult();
        var course = Course(options.Quick);
        int total = course.Sum(c => c.Steps * OptimizerNames.Count);
        var races = console.Progress("race", total, report =>
        {
            var all = new List<(OptimizerRaceSurface Surface, OptimizerRacePath[] Paths)>();
            int done = 0;
            foreach ((OptimizerRaceSurface surface, int steps) in course)
            {
                var paths = new OptimizerRacePath[OptimizerNames.Count];
                for (int i = 0; i < paths.Length; i++)
                {
                    paths[i] = OptimizerRacePath.Run(OptimizerNames[i], Create(OptimizerNames[i], surface), surface, steps);
                    done += steps;
                    report(done, $"{surface.Name} {OptimizerNames[i]}");
                }

                all.Add((surface, paths));
            }

            return all;
        });

        foreach ((OptimizerRaceSurface surface, OptimizerRacePath[] paths) in races)
        {
            int steps = course.First(c => c.Surface == surface).Steps;
            console.WriteLine(surface.Minimum is null
                ? Invariant($"{surface.Formula}, start ({surface.Start.X}, {surface.Start.Y}), {steps} steps: final (x, y), f")
                : Invariant($"{surface.Formula}, start ({surface.Start.X}, {surface.Start.Y}), {steps} steps: distance to minimum ({surface.Minimum.Value.X}, {surface.Minimum.Value.Y})"));
            foreach (OptimizerRacePath path in paths)
            {
                (double x, double y) = path.End;
                string key = $"{surface.Name} {path.Optimizer}";
                double f = surface.Value(x, y);
                result.Figures[key + " final x"] = x;
                result.Figures[key + " final y"] = y;
                result.Figures[key + " final f"] = f;
                result.Figures[key + " steps"] = path.StepsTaken;
                result.Figures[key + " still steps"] = path.StillSteps;
                string left = path.StepsTaken < steps ? Invariant($" (stopped after {path.StepsTaken} steps: it left the race box {surface.RaceBox})") : "";
                left += path.StillSteps > 0 ? Invariant($"; {path.StillSteps} steps did not move it (update below float32 resolution)") : "";
                if (surface.Minimum is null)
                {
                    console.WriteLine(Invariant($"  {path.Optimizer,-9} ({x,8:F3}, {y,8:F4})  f = {f,9:F4}{left}"));
                }
                else
                {
                    double distance = surface.DistanceToMinimum(x, y);
                    result.Figures[key + " distance"] = distance;
                    console.WriteLine(Invariant($"  {path.Optimizer,-9} {distance,10:G3}  at ({x:F3}, {y:F3}){left}"));
                }
            }

            WritePictures(surface, paths, options, result);
        }

        return result;
    }

    private static void WritePictures(OptimizerRaceSurface surface, OptimizerRacePath[] paths, SampleOptions options, SampleResult result)
    {
        // Wider than the other pictures: the legend stands outside the map, beside the colour bar.
        (int width, int height) = options.Quick ? (760, 400) : (960, 540);
        // ScottPlot's contour lines triangulate the grid, which costs about the square of its size.
        int gridColumns = options.Quick ? 60 : 84, gridRows = options.Quick ? 50 : 70;
        double[,] grid = OptimizerRaceAnimation.Grid(surface, gridRows, gridColumns, out string colorBarLabel);
        var pathSeries = paths.Select(p => (p.Optimizer, p.X, p.Y)).ToList();
        var marks = new List<(string, double[], double[])> { ("start", [surface.Start.X], [surface.Start.Y]) };
        if (surface.Minimum is { } minimum)
        {
            marks.Add(("minimum", [minimum.X], [minimum.Y]));
        }

        int steps = paths.Max(p => p.X.Length - 1);
        string map = Path.Combine(options.OutputDirectory, $"race-{surface.Name}.png");
        result.Files.Add(Plots.Surface(
            map, surface.Formula, "x", "y", grid, surface.X, surface.Y, colorBarLabel, contours: 12,
            paths: pathSeries, points: marks, width: width, height: height,
            pathStyles: Styles, note: Invariant($"{steps} steps each from the start; the marker on a path is where it ended")));

        // A label says why a line ends early; the note says why a line goes flat or thick.
        var labels = paths.Select(p => p.X.Length - 1 < steps ? Invariant($"{p.Optimizer} (stopped at step {p.StepsTaken})") : p.Optimizer).ToList();
        double[] Steps(OptimizerRacePath p) => [.. Enumerable.Range(0, p.X.Length).Select(i => (double)i)];
        string progressChart = Path.Combine(options.OutputDirectory, $"race-{surface.Name}-progress.png");
        result.Files.Add(surface.Minimum is null
            ? Plots.Lines(
                progressChart, $"{surface.Formula}: f against step (no minimum: lower is further away)", "step", "f(x, y)",
                [.. paths.Select((p, i) => (labels[i], Steps(p), p.X.Zip(p.Y, surface.Value).ToArray()))],
                width: width, height: height, styles: Styles, legendOutside: true,
                note: $"a line that ends: the path left the race box {surface.RaceBox}")
            : Plots.Lines(
                progressChart, $"{surface.Name}: distance to the minimum against step", "step", "distance to the minimum (log scale)",
                [.. paths.Select((p, i) => (labels[i], Steps(p), p.X.Zip(p.Y, surface.DistanceToMinimum).ToArray()))],
                logY: true, width: width, height: height, styles: Styles, legendOutside: true,
                note: "flat: the update is below float32's spacing (~1e-7), so the point stays put; thick: zig-zags"));

        string animation = Path.Combine(options.OutputDirectory, $"race-{surface.Name}.svg");
        OptimizerRaceAnimation.Write(animation, surface, paths, grid, options.Quick ? 120 : 300);
        result.Files.Add(animation);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
