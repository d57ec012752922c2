using NeuralNet.Samples.Programs;

namespace NeuralNet.Playground.Race;

/// <summary>
/// A 2-D test function for the optimizer race, as the page uses it: the course program's surface
/// (its value, its gradient written out by hand, the start every optimizer shares, the minimum if
/// any, the window drawn), with the page's kind and distance.
/// </summary>
/// <param name="Kind">Which surface.</param>
/// <param name="Formula">The function as a person writes it.</param>
/// <param name="Value">f(x, y).</param>
/// <param name="Gradient">(∂f/∂x, ∂f/∂y).</param>
/// <param name="Start">The common start.</param>
/// <param name="Minimum">The global minimum, or null for the saddle.</param>
/// <param name="X">The drawn range of x.</param>
/// <param name="Y">The drawn range of y.</param>
public sealed record RaceSurface(
    RaceSurfaceKind Kind,
    string Formula,
    Func<double, double, double> Value,
    Func<double, double, (double Dx, double Dy)> Gradient,
    (double X, double Y) Start,
    (double X, double Y)? Minimum,
    (double Min, double Max) X,
    (double Min, double Max) Y)
{
    /// <summary>The surface of a kind: the course program's (<see cref="OptimizerRaceSurface"/>), as the page uses it.</summary>
    /// <param name="kind">Which one.</param>
    /// <returns>The surface.</returns>
    public static RaceSurface Of(RaceSurfaceKind kind)
    {
        OptimizerRaceSurface surface = kind switch
        {
            RaceSurfaceKind.Rosenbrock => OptimizerRaceSurface.Rosenbrock,
            RaceSurfaceKind.Beale => OptimizerRaceSurface.Beale,
            RaceSurfaceKind.Saddle => OptimizerRaceSurface.Saddle,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown surface."),
        };

        // The course program's titles name the function ("Beale f = …"); the page names it in its selector.
        string formula = surface.Formula[surface.Formula.IndexOf("f =", StringComparison.Ordinal)..];
        return new(kind, formula, surface.Value, surface.Gradient, surface.Start, surface.Minimum, surface.X, surface.Y);
    }

    /// <summary>The distance from (x, y) to the minimum; for the saddle, how far the point has escaped along y.</summary>
    /// <param name="x">x.</param>
    /// <param name="y">y.</param>
    /// <returns>The distance.</returns>
    public double Distance(double x, double y) =>
        Minimum is { } m ? Math.Sqrt(((x - m.X) * (x - m.X)) + ((y - m.Y) * (y - m.Y))) : Math.Abs(y);

    /// <summary>Whether a point is far outside the window (three times its size): the optimizer has diverged and stops.</summary>
    /// <param name="x">x.</param>
    /// <param name="y">y.</param>
    /// <returns>Whether it has left.</returns>
    public bool HasLeft(double x, double y)
    {
        double width = X.Max - X.Min, height = Y.Max - Y.Min;
        return !double.IsFinite(x) || !double.IsFinite(y)
            || x < X.Min - width || x > X.Max + width || y < Y.Min - height || y > Y.Max + height;
    }
}
