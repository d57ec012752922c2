namespace NeuralNet.Playground.Race;

/// <summary>
/// A 2-D test function for the optimizer race: its value, its gradient written out by hand, the start
/// every optimizer shares, the minimum (if any) and the window the page draws.
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
    /// <summary>The surface of a kind.</summary>
    /// <param name="kind">Which one.</param>
    /// <returns>The surface.</returns>
    public static RaceSurface Of(RaceSurfaceKind kind) => kind switch
    {
        // ∂f/∂x = −2(1 − x) − 400x(y − x²), ∂f/∂y = 200(y − x²); start beyond the valley, so each must fall in and follow its bend.
        RaceSurfaceKind.Rosenbrock => new(
            kind, "f = (1 − x)² + 100(y − x²)²",
            (x, y) => ((1 - x) * (1 - x)) + (100 * (y - (x * x)) * (y - (x * x))),
            (x, y) => ((-2 * (1 - x)) - (400 * x * (y - (x * x))), 200 * (y - (x * x))),
            (-1.5, 2.0), (1.0, 1.0), (-2.0, 2.0), (-1.0, 3.0)),
        RaceSurfaceKind.Beale => new(
            kind, "f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
            BealeValue, BealeGradient, (1.0, 1.4), (3.0, 0.5), (-1.0, 4.5), (-1.5, 2.0)),
        // A minimum along x, a maximum along y: from (1, 10⁻³) the push along y is 1000 times weaker than the pull along x.
        RaceSurfaceKind.Saddle => new(
            kind, "f = x² − y²",
            (x, y) => (x * x) - (y * y),
            (x, y) => (2 * x, -2 * y),
            (1.0, 1e-3), null, (-1.5, 1.5), (-2.0, 2.0)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown surface."),
    };

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

    private static double BealeValue(double x, double y)
    {
        (double t1, double t2, double t3) = BealeTerms(x, y);
        return (t1 * t1) + (t2 * t2) + (t3 * t3);
    }

    /// <summary>With tᵢ as in <see cref="BealeTerms"/>: ∂f/∂x = Σ 2tᵢ(yⁱ − 1); ∂f/∂y = Σ 2i·tᵢ·x·yⁱ⁻¹.</summary>
    private static (double, double) BealeGradient(double x, double y)
    {
        (double t1, double t2, double t3) = BealeTerms(x, y);
        double dx = (2 * t1 * (y - 1)) + (2 * t2 * ((y * y) - 1)) + (2 * t3 * ((y * y * y) - 1));
        double dy = (2 * t1 * x) + (4 * t2 * x * y) + (6 * t3 * x * y * y);
        return (dx, dy);
    }

    private static (double, double, double) BealeTerms(double x, double y) =>
        (1.5 - x + (x * y), 2.25 - x + (x * y * y), 2.625 - x + (x * y * y * y));
}
