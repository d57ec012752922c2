using NeuralNet.Optimizers;

namespace NeuralNet.Schedules;

/// <summary>Cosine annealing from η₀ to η_min that restarts at η₀, each cycle <see cref="TMult"/> times longer than the last.</summary>
/// <remarks>
/// <para>
/// With T_cur = e and T_i = T_0, while T_cur ≥ T_i: T_cur ← T_cur − T_i, T_i ← T_i · T_mult; then
/// lrₑ = η_min + (η₀ − η_min) · (1 + cos(π T_cur / T_i)) / 2. The rate is η₀ again at each restart,
/// e = T_0, T_0 + T_0·T_mult, … (Loshchilov and Hutter, SGDR, 2017).
/// </para>
/// <para>Matches <c>torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0)</c>
/// stepped without an epoch argument (PyTorch also keeps T_cur and T_i and updates them by the same loop).</para>
/// </remarks>
public sealed class CosineAnnealingWarmRestarts : LearningRateScheduler
{
    /// <summary>Creates the schedule and sets the optimizer's rate to lr₀ = η₀.</summary>
    /// <param name="optimizer">The optimizer; its learning rate is η₀.</param>
    /// <param name="t0">T_0, the length of the first cycle in steps, ≥ 1.</param>
    /// <param name="tMult">T_mult, the factor by which each cycle is longer than the last, ≥ 1.</param>
    /// <param name="etaMin">η_min, the lowest rate, finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the exception names it.</exception>
    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult = 1, double etaMin = 0)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(t0, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tMult, 1);
        T0 = t0;
        TMult = tMult;
        EtaMin = RequireNonNegative(etaMin, nameof(etaMin));
        Initialize();
    }

    /// <summary>T_0, the length of the first cycle.</summary>
    public int T0 { get; }

    /// <summary>T_mult, the growth factor of the cycle length.</summary>
    public int TMult { get; }

    /// <summary>η_min, the lowest rate.</summary>
    public double EtaMin { get; }

    /// <inheritdoc/>
    protected override double LearningRateAt(int epoch, double previous)
    {
        // long: T_i grows geometrically and would overflow int long before a cycle could end.
        long tCur = epoch, tI = T0;
        while (tCur >= tI)
        {
            tCur -= tI;
            tI *= TMult;
        }

        return EtaMin + ((BaseLearningRate - EtaMin) * (1 + Math.Cos(Math.PI * tCur / tI)) / 2);
    }
}
