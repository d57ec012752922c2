using NeuralNet.Optimizers;

namespace NeuralNet.Schedules;

/// <summary>Anneals the learning rate from η₀ to η_min along half a cosine over <see cref="TMax"/> steps.</summary>
/// <remarks>
/// <para>
/// lrₑ = η_min + (η₀ − η_min) · (1 + cos(π e / T_max)) / 2 (Loshchilov and Hutter, SGDR, 2017,
/// without restarts). Past T_max the rate does not stay at η_min: it follows the cosine back up,
/// reaching η₀ again at e = 2·T_max (period 2·T_max), as PyTorch's does.
/// </para>
/// <para>
/// PyTorch computes it recursively, and so does this class:
/// lrₑ = η_min + (lrₑ₋₁ − η_min) · (1 + cos(π e / T_max)) / (1 + cos(π (e − 1) / T_max)), except at
/// e − 1 − T_max ≡ 0 (mod 2·T_max), where that ratio is 0/0 and
/// lrₑ = lrₑ₋₁ + (η₀ − η_min) · (1 − cos(π / T_max)) / 2. It agrees with the closed form to about 1e-15.
/// </para>
/// <para>Matches <c>torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max, eta_min=0)</c>.</para>
/// </remarks>
public sealed class CosineAnnealingLR : LearningRateScheduler
{
    /// <summary>Creates the schedule and sets the optimizer's rate to lr₀ = η₀.</summary>
    /// <param name="optimizer">The optimizer; its learning rate is η₀.</param>
    /// <param name="tMax">T_max, the number of steps from η₀ down to η_min, ≥ 1.</param>
    /// <param name="etaMin">η_min, the lowest rate, finite and ≥ 0 (at 0 the optimizer's rate is 0 at e = T_max).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the exception names it.</exception>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tMax, 1);
        TMax = tMax;
        EtaMin = RequireNonNegative(etaMin, nameof(etaMin));
        Initialize();
    }

    /// <summary>T_max, the number of steps of the half cosine from η₀ down to η_min.</summary>
    public int TMax { get; }

    /// <summary>η_min, the lowest rate.</summary>
    public double EtaMin { get; }

    /// <inheritdoc/>
    protected override double LearningRateAt(int epoch, double previous)
    {
        if (epoch == 0)
        {
            return previous;
        }

        if ((epoch - 1 - TMax) % (2 * TMax) == 0)
        {
            return previous + ((BaseLearningRate - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2);
        }

        return ((1 + Math.Cos(Math.PI * epoch / TMax)) / (1 + Math.Cos(Math.PI * (epoch - 1) / TMax)) * (previous - EtaMin)) + EtaMin;
    }
}
