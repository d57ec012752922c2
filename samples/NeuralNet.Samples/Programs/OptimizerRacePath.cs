using NeuralNet.Optimizers;
using NeuralNet.Tensors;

namespace NeuralNet.Samples.Programs;

/// <summary>Where one optimizer went on one surface: the start point and the point after each step.</summary>
/// <param name="Optimizer">The optimizer's name as the legend shows it.</param>
/// <param name="X">x after step i (index 0 is the start).</param>
/// <param name="Y">y after step i.</param>
/// <param name="StepsTaken">Steps taken; fewer than asked when the path left the race box.</param>
/// <param name="StillSteps">
/// Steps after which the point was exactly where it was before: the update was smaller than half the
/// spacing of float32 numbers at the point's coordinates (about 6·10⁻⁸ near 1, 2.4·10⁻⁷ near 3), so
/// adding it rounded back to the same coordinates.
/// </param>
internal sealed record OptimizerRacePath(string Optimizer, double[] X, double[] Y, int StepsTaken, int StillSteps)
{
    /// <summary>
    /// Runs <paramref name="optimizer"/> for <paramref name="steps"/> steps on <paramref name="surface"/>,
    /// with the point (x, y) held in a library <see cref="Parameter"/> and the gradient written into it
    /// by hand — the optimizer cannot tell it from a network's weights.
    /// </summary>
    /// <param name="name">The optimizer's name, for the legend.</param>
    /// <param name="optimizer">A fresh optimizer (it keeps per-parameter state).</param>
    /// <param name="surface">The function.</param>
    /// <param name="steps">The number of steps to take.</param>
    /// <returns>The path, stopped early if it left the race box.</returns>
    public static OptimizerRacePath Run(string name, Optimizer optimizer, OptimizerRaceSurface surface, int steps)
    {
        var point = new Parameter("point", new Tensor([(float)surface.Start.X, (float)surface.Start.Y], 2));
        Parameter[] parameters = [point];
        var xs = new List<double>(steps + 1) { point.Value[0] };
        var ys = new List<double>(steps + 1) { point.Value[1] };
        int taken = 0, still = 0;
        for (int step = 1; step <= steps; step++)
        {
            (double dx, double dy) = surface.Gradient(point.Value[0], point.Value[1]);
            point.Gradient[0] = (float)dx;
            point.Gradient[1] = (float)dy;
            optimizer.Step(parameters);
            double x = point.Value[0], y = point.Value[1];
            if (surface.HasLeft(x, y))
            {
                break;
            }

            // The coordinates are float32 values widened to double, so equality is exact.
            still += x == xs[^1] && y == ys[^1] ? 1 : 0;
            xs.Add(x);
            ys.Add(y);
            taken = step;
        }

        return new OptimizerRacePath(name, [.. xs], [.. ys], taken, still);
    }

    /// <summary>The last point reached.</summary>
    public (double X, double Y) End => (X[^1], Y[^1]);
}
