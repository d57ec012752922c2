using NeuralNet.Optimizers;

namespace NeuralNet.Schedules;

/// <summary>Changes the learning rate linearly from η₀·start_factor to η₀·end_factor over <see cref="TotalIterations"/> steps: a warm-up when start_factor &lt; end_factor.</summary>
/// <remarks>
/// <para>
/// lrₑ = η₀ · (s + (f − s) · min(e, total_iters) / total_iters), with s = start_factor and
/// f = end_factor; lr₀ is already η₀·s (PyTorch's constructor performs step 0).
/// </para>
/// <para>
/// PyTorch computes it recursively, and so does this class: lr₀ = η₀·s;
/// lrₑ = lrₑ₋₁ · (1 + (f − s) / (total_iters·s + (e − 1)·(f − s))) for 1 ≤ e ≤ total_iters;
/// lrₑ = lrₑ₋₁ afterwards.
/// </para>
/// <para>Matches <c>torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5)</c>.</para>
/// </remarks>
public sealed class LinearLR : LearningRateScheduler
{
    /// <summary>Creates the schedule and sets the optimizer's rate to lr₀ = η₀·start_factor.</summary>
    /// <param name="optimizer">The optimizer; its learning rate is η₀.</param>
    /// <param name="startFactor">s in (0, 1], the factor of η₀ at step 0.</param>
    /// <param name="endFactor">f in [0, 1], the factor of η₀ from step total_iters on.</param>
    /// <param name="totalIterations">The number of steps from s to f, ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the exception names it.</exception>
    public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIterations = 5)
        : base(optimizer)
    {
        if (!(startFactor > 0 && startFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "startFactor must be in (0, 1].");
        }

        if (!(endFactor >= 0 && endFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(endFactor), endFactor, "endFactor must be in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(totalIterations, 1);
        StartFactor = startFactor;
        EndFactor = endFactor;
        TotalIterations = totalIterations;
        Initialize();
    }

    /// <summary>s, the factor of η₀ at step 0.</summary>
    public double StartFactor { get; }

    /// <summary>f, the factor of η₀ from step <see cref="TotalIterations"/> on.</summary>
    public double EndFactor { get; }

    /// <summary>The number of steps from s to f.</summary>
    public int TotalIterations { get; }

    /// <inheritdoc/>
    protected override double LearningRateAt(int epoch, double previous)
    {
        if (epoch == 0)
        {
            return previous * StartFactor;
        }

        if (epoch > TotalIterations)
        {
            return previous;
        }

        double change = EndFactor - StartFactor;
        return previous * (1 + (change / ((TotalIterations * StartFactor) + ((epoch - 1) * change))));
    }
}
