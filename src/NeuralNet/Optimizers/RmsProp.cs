using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Optimizers;

/// <summary>RMSProp: steps divided by a running root-mean-square of recent gradients.</summary>
/// <remarks>
/// <para>
/// g ← ∇θ + λθ;  v ← α v + (1 − α) g²;  if centred, m ← α m + (1 − α) g and d = √(v − m²) + ε, else d = √v + ε;
/// with momentum μ &gt; 0: b ← μ b + g/d and θ ← θ − η b; otherwise θ ← θ − η g/d.
/// </para>
/// <para>
/// Matches <c>torch.optim.RMSprop(params, lr=η, alpha=α, eps=ε, weight_decay=λ, momentum=μ, centered)</c>
/// with PyTorch's defaults η = 0.01, α = 0.99, ε = 1e-8. ε sits outside the square root, and v has
/// no bias correction, so the first step is η/√(1 − α) = 10η for α = 0.99 (Keras calls α "rho").
/// </para>
/// </remarks>
public sealed class RmsProp : Optimizer
{
    private readonly StateTable<State> _states;
    private readonly bool _hasMomentum;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, finite and &gt; 0.</param>
    /// <param name="alpha">α in [0, 1), the smoothing constant.</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="weightDecay">λ, the L2 coefficient added to the gradient.</param>
    /// <param name="momentum">μ in [0, 1).</param>
    /// <param name="centered">Normalise by the variance estimate v − m² instead of v.</param>
    public RmsProp(float learningRate = 0.01f, float alpha = 0.99f, float epsilon = 1e-8f, float weightDecay = 0f, float momentum = 0f, bool centered = false)
        : base(learningRate, weightDecay)
    {
        Alpha = RequireUnitInterval(alpha, nameof(alpha));
        Epsilon = RequirePositive(epsilon, nameof(epsilon));
        MomentumFactor = RequireUnitInterval(momentum, nameof(momentum));
        Centered = centered;
        _hasMomentum = MomentumFactor > 0f;
        bool hasMomentum = _hasMomentum;
        _states = new(this, length => new State(
            SquareAverage: new float[length],
            GradientAverage: centered ? new float[length] : [],
            MomentumBuffer: hasMomentum ? new float[length] : []));
    }

    /// <summary>α, the smoothing constant of the running averages.</summary>
    public float Alpha { get; }

    /// <summary>ε, added to the denominator for stability.</summary>
    public float Epsilon { get; }

    /// <summary>μ, the momentum factor (0 for none).</summary>
    public float MomentumFactor { get; private set; }

    /// <inheritdoc/>
    /// <remarks>Only with a momentum buffer, that is, built with a momentum above 0.</remarks>
    internal override string? CycledMomentumName => _hasMomentum ? "momentum" : null;

    /// <inheritdoc/>
    internal override void SetCycledMomentum(float value) => MomentumFactor = value;

    /// <summary>Whether the gradient is normalised by the centred second moment.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    protected override void Update(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        State state = _states.For(parameter);
        Span<float> value = parameter.Value.AsSpan();
        ReadOnlySpan<float> gradient = parameter.Gradient.AsSpan();
        float lr = LearningRate, wd = WeightDecay, alpha = Alpha, eps = Epsilon, mu = MomentumFactor;
        Span<float> v = state.SquareAverage;
        Span<float> m = state.GradientAverage;
        Span<float> b = state.MomentumBuffer;
        if (!UseReferenceLoops)
        {
            OptimizerKernels.RmsProp(value, gradient, v, m, b, lr, wd, alpha, eps, mu, Centered);
            return;
        }

        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i] + (wd * value[i]);
            v[i] = (alpha * v[i]) + ((1f - alpha) * g * g);
            float d;
            if (Centered)
            {
                m[i] = (alpha * m[i]) + ((1f - alpha) * g);
                d = MathF.Sqrt(v[i] - (m[i] * m[i])) + eps;
            }
            else
            {
                d = MathF.Sqrt(v[i]) + eps;
            }

            if (mu > 0f)
            {
                b[i] = (mu * b[i]) + (g / d);
                value[i] -= lr * b[i];
            }
            else
            {
                value[i] -= lr * g / d;
            }
        }
    }

    /// <summary>The running averages v and m (centred only) and the momentum buffer b (momentum only) of one parameter.</summary>
    private sealed record State(float[] SquareAverage, float[] GradientAverage, float[] MomentumBuffer) : IParameterState
    {
        float[][] IParameterState.Buffers => [SquareAverage, GradientAverage, MomentumBuffer];

        /// <summary>RMSProp counts nothing; a saved counter must be 0.</summary>
        int IParameterState.Counter
        {
            get => 0;
            set => _ = value == 0 ? 0 : throw new InvalidDataException($"RMSProp's saved state has the counter {value}; it keeps none (0).");
        }
    }
}
