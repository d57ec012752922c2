namespace NeuralNet.Samples.Programs;

/// <summary>
/// A 2-D test function for the optimizer race: its value, its gradient written out by hand, where
/// the race starts, the window the pictures show, and the minimum (none for the saddle).
/// </summary>
/// <param name="Name">A short name, used in file names and figure keys (e.g. <c>rosenbrock</c>).</param>
/// <param name="Formula">The function as a person writes it, for titles.</param>
/// <param name="Value">f(x, y).</param>
/// <param name="Gradient">(∂f/∂x, ∂f/∂y), computed analytically.</param>
/// <param name="Start">The point every optimizer starts from.</param>
/// <param name="Minimum">The global minimum, or <see langword="null"/> when there is none (the saddle).</param>
/// <param name="X">The horizontal window of the pictures; a path that leaves the wider race box stops.</param>
/// <param name="Y">The vertical window of the pictures.</param>
internal sealed record OptimizerRaceSurface(
    string Name,
    string Formula,
    Func<double, double, double> Value,
    Func<double, double, (double Dx, double Dy)> Gradient,
    (double X, double Y) Start,
    (double X, double Y)? Minimum,
    (double Min, double Max) X,
    (double Min, double Max) Y)
{
    /// <summary>
    /// Rosenbrock's banana valley, f = (a − x)² + b(y − x²)² with a = 1, b = 100: the minimum (1, 1)
    /// sits at the bottom of a long, curved, nearly flat valley with walls 100 times steeper than its floor.
    /// </summary>
    /// <remarks>
    /// ∂f/∂x = −2(a − x) − 4bx(y − x²);  ∂f/∂y = 2b(y − x²).
    /// The start (−1.5, 2) is on the far side of the valley, so every optimizer must first fall into
    /// it and then follow its bend round to (1, 1).
    /// </remarks>
    public static OptimizerRaceSurface Rosenbrock { get; } = new(
        "rosenbrock",
        "Rosenbrock f = (1 − x)² + 100(y − x²)²",
        (x, y) => ((1 - x) * (1 - x)) + (100 * (y - (x * x)) * (y - (x * x))),
        (x, y) => ((-2 * (1 - x)) - (400 * x * (y - (x * x))), 200 * (y - (x * x))),
        Start: (-1.5, 2.0),
        Minimum: (1.0, 1.0),
        X: (-2.0, 2.0),
        Y: (-1.0, 3.0));

    /// <summary>
    /// Beale's function, f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum 0 at
    /// (3, 0.5): flat plateaus, steep walls (the y³ term) and a narrow curved valley.
    /// </summary>
    /// <remarks>
    /// With t₁ = 1.5 − x + xy, t₂ = 2.25 − x + xy², t₃ = 2.625 − x + xy³:
    /// ∂f/∂x = 2t₁(y − 1) + 2t₂(y² − 1) + 2t₃(y³ − 1);  ∂f/∂y = 2t₁x + 4t₂xy + 6t₃xy².
    /// </remarks>
    public static OptimizerRaceSurface Beale { get; } = new(
        "beale",
        "Beale f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
        (x, y) =>
        {
            (double t1, double t2, double t3) = BealeTerms(x, y);
            return (t1 * t1) + (t2 * t2) + (t3 * t3);
        },
        (x, y) =>
        {
            (double t1, double t2, double t3) = BealeTerms(x, y);
            double dx = (2 * t1 * (y - 1)) + (2 * t2 * ((y * y) - 1)) + (2 * t3 * ((y * y * y) - 1));
            double dy = (2 * t1 * x) + (4 * t2 * x * y) + (6 * t3 * x * y * y);
            return (dx, dy);
        },
        Start: (1.0, 1.4),
        Minimum: (3.0, 0.5),
        X: (-1.0, 4.5),
        Y: (-1.5, 2.0));

    /// <summary>
    /// The saddle f = x² − y²: a minimum along x, a maximum along y, no minimum at all. The origin is a
    /// stationary point that gradient descent approaches along x while it escapes along y only as fast
    /// as |y| grows — from a start near the x axis, slowly.
    /// </summary>
    /// <remarks>∂f/∂x = 2x;  ∂f/∂y = −2y. Starting at (1, 10⁻³) the push along y is 1000 times weaker than the pull along x.</remarks>
    public static OptimizerRaceSurface Saddle { get; } = new(
        "saddle",
        "saddle f = x² − y²",
        (x, y) => (x * x) - (y * y),
        (x, y) => (2 * x, -2 * y),
        Start: (1.0, 1e-3),
        Minimum: null,
        X: (-1.5, 1.5),
        Y: (-2.0, 2.0));

    /// <summary>The distance from (x, y) to the minimum, or NaN for a surface without one.</summary>
    public double DistanceToMinimum(double x, double y) =>
        Minimum is { } m ? Math.Sqrt(((x - m.X) * (x - m.X)) + ((y - m.Y) * (y - m.Y))) : double.NaN;

    /// <summary>The race box as text, e.g. "[−4.5, 4.5] × [−6, 6]": the picture widened by its own size on each side.</summary>
    public string RaceBox
    {
        get
        {
            double width = X.Max - X.Min, height = Y.Max - Y.Min;
            return string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"[{X.Min - width}, {X.Max + width}] × [{Y.Min - height}, {Y.Max + height}]").Replace('-', '−');
        }
    }

    /// <summary>Whether a point is far enough outside the picture that the race stops following it.</summary>
    /// <remarks>The box is the picture widened by its own size on each side, so a path may overshoot and come back.</remarks>
    public bool HasLeft(double x, double y)
    {
        double width = X.Max - X.Min, height = Y.Max - Y.Min;
        return !double.IsFinite(x) || !double.IsFinite(y)
            || x < X.Min - width || x > X.Max + width || y < Y.Min - height || y > Y.Max + height;
    }

    private static (double T1, double T2, double T3) BealeTerms(double x, double y) =>
        (1.5 - x + (x * y), 2.25 - x + (x * y * y), 2.625 - x + (x * y * y * y));
}
