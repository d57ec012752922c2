using NeuralNet.Samples.Programs;

namespace NeuralNet.Playground.Race;

/// <summary>
/// A 2-D test function for the optimizer race, as the page uses it: the course program's surface
/// (<see cref="OptimizerRaceSurface"/>: its value, its gradient written out by hand, the start every
/// optimizer shares, the minimum if any, the window drawn), with the page's kind and distance.
/// </summary>
public sealed class RaceSurface
{
    private readonly OptimizerRaceSurface _surface;

    private RaceSurface(RaceSurfaceKind kind, OptimizerRaceSurface surface)
    {
        Kind = kind;
        _surface = surface;
    }

    /// <summary>Which surface.</summary>
    public RaceSurfaceKind Kind { get; }

    /// <summary>The function as a person writes it (the course program's title names it too; the page's selector does that).</summary>
    public string Formula => _surface.Formula[_surface.Formula.IndexOf("f =", StringComparison.Ordinal)..];

    /// <summary>f(x, y).</summary>
    public Func<double, double, double> Value => _surface.Value;

    /// <summary>(∂f/∂x, ∂f/∂y).</summary>
    public Func<double, double, (double Dx, double Dy)> Gradient => _surface.Gradient;

    /// <summary>The common start.</summary>
    public (double X, double Y) Start => _surface.Start;

    /// <summary>The global minimum, or null for the saddle.</summary>
    public (double X, double Y)? Minimum => _surface.Minimum;

    /// <summary>The drawn range of x.</summary>
    public (double Min, double Max) X => _surface.X;

    /// <summary>The drawn range of y.</summary>
    public (double Min, double Max) Y => _surface.Y;

    /// <summary>The surface of a kind.</summary>
    /// <param name="kind">Which one.</param>
    /// <returns>The surface.</returns>
    public static RaceSurface Of(RaceSurfaceKind kind) => new(kind, kind switch
    {
        RaceSurfaceKind.Rosenbrock => OptimizerRaceSurface.Rosenbrock,
        RaceSurfaceKind.Beale => OptimizerRaceSurface.Beale,
        RaceSurfaceKind.Saddle => OptimizerRaceSurface.Saddle,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown surface."),
    });

    /// <summary>The distance from (x, y) to the minimum; for the saddle, how far the point has escaped along y.</summary>
    /// <param name="x">x.</param>
    /// <param name="y">y.</param>
    /// <returns>The distance.</returns>
    public double Distance(double x, double y) => _surface.Minimum is null ? Math.Abs(y) : _surface.DistanceToMinimum(x, y);

    /// <summary>Whether a point is far outside the window (three times its size): the optimizer has diverged and stops.</summary>
    /// <param name="x">x.</param>
    /// <param name="y">y.</param>
    /// <returns>Whether it has left.</returns>
    public bool HasLeft(double x, double y) => _surface.HasLeft(x, y);
}
