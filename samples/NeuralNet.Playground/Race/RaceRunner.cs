using NeuralNet.Optimizers;
using NeuralNet.Tensors;

namespace NeuralNet.Playground.Race;

/// <summary>
/// Six of the library's optimizers racing on one surface: each holds the point (x, y) in a
/// <see cref="Parameter"/> and is handed the surface's gradient as if it were a network's, so the race
/// runs the very update code training uses. Advanced a few steps per animation frame.
/// </summary>
public sealed class RaceRunner
{
    /// <summary>The racers in legend order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["SGD", "Momentum", "Nesterov", "Adagrad", "RMSProp", "Adam"];

    /// <summary>The legend colours (Category10), in <see cref="Names"/> order.</summary>
    public static IReadOnlyList<string> Colors { get; } = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

    private readonly Racer[] _racers;

    /// <summary>Starts a race with every optimizer at the surface's start.</summary>
    /// <param name="surface">The surface.</param>
    public RaceRunner(RaceSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        Surface = surface;
        _racers = [.. Names.Select(name => new Racer(name, Create(name, surface.Kind), surface.Start))];
    }

    /// <summary>The surface raced on.</summary>
    public RaceSurface Surface { get; }

    /// <summary>Steps taken so far by each optimizer still in the race.</summary>
    public int Steps { get; private set; }

    /// <summary>Each optimizer's path (every point visited, the start first).</summary>
    public IReadOnlyList<IReadOnlyList<(double X, double Y)>> Paths => [.. _racers.Select(r => (IReadOnlyList<(double X, double Y)>)r.Path)];

    /// <summary>Each optimizer's distance to the minimum (for the saddle: |y|), in <see cref="Names"/> order.</summary>
    public IReadOnlyList<double> Distances => [.. _racers.Select(r => Surface.Distance(r.Path[^1].X, r.Path[^1].Y))];

    /// <summary>Whether each optimizer left the window's neighbourhood and stopped.</summary>
    public IReadOnlyList<bool> Stopped => [.. _racers.Select(r => r.Stopped)];

    /// <summary>
    /// The learning rate each optimizer gets on a surface: roughly the largest that keeps it stable from
    /// the start (plain gradient steps must stay below 2/λ_max of the steepest wall; the adaptive methods
    /// step about η whatever the gradient's scale), so the race compares methods, not tuning.
    /// </summary>
    /// <param name="name">The optimizer, as in <see cref="Names"/>.</param>
    /// <param name="kind">The surface.</param>
    /// <returns>The learning rate.</returns>
    public static float LearningRate(string name, RaceSurfaceKind kind)
    {
        bool saddle = kind == RaceSurfaceKind.Saddle;
        return name switch
        {
            "SGD" or "Momentum" or "Nesterov" => saddle ? 0.01f : 1e-3f,
            "Adagrad" => saddle ? 0.1f : 0.5f,
            "RMSProp" => 0.01f,
            "Adam" => 0.05f,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown optimizer."),
        };
    }

    /// <summary>A fresh optimizer with the race's <see cref="LearningRate"/> and torch's other defaults.</summary>
    /// <param name="name">The optimizer, as in <see cref="Names"/>.</param>
    /// <param name="kind">The surface.</param>
    /// <returns>The optimizer.</returns>
    public static Optimizer Create(string name, RaceSurfaceKind kind)
    {
        float lr = LearningRate(name, kind);
        return name switch
        {
            "SGD" => new Sgd(lr),
            "Momentum" => new Momentum(lr),
            "Nesterov" => new Nesterov(lr),
            "Adagrad" => new Adagrad(lr),
            "RMSProp" => new RmsProp(lr),
            _ => new Adam(lr),
        };
    }

    /// <summary>Takes up to <paramref name="steps"/> steps with every optimizer that has not left the window.</summary>
    /// <param name="steps">Steps to take.</param>
    public void Advance(int steps)
    {
        for (int s = 0; s < steps; s++)
        {
            foreach (Racer racer in _racers)
            {
                racer.Step(Surface);
            }
        }

        Steps += steps;
    }

    private sealed class Racer(string name, Optimizer optimizer, (double X, double Y) start)
    {
        private readonly Parameter _point = new("point", new Tensor([(float)start.X, (float)start.Y], 2));
        private Parameter[]? _parameters;

        public string Name { get; } = name;

        public List<(double X, double Y)> Path { get; } = [start];

        public bool Stopped { get; private set; }

        public void Step(RaceSurface surface)
        {
            if (Stopped)
            {
                return;
            }

            (double dx, double dy) = surface.Gradient(_point.Value[0], _point.Value[1]);
            _point.Gradient[0] = (float)dx;
            _point.Gradient[1] = (float)dy;
            optimizer.Step(_parameters ??= [_point]);
            double x = _point.Value[0], y = _point.Value[1];
            Stopped = surface.HasLeft(x, y);
            if (!Stopped)
            {
                Path.Add((x, y));
            }
        }
    }
}
