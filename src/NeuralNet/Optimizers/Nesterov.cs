using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Optimizers;

/// <summary>Nesterov accelerated gradient (NAG): momentum that corrects its course with a look-ahead.</summary>
/// <remarks>
/// <para>
/// g ← ∇θ + λθ;  b ← g on the first step, else b ← μ b + g;  θ ← θ − η (g + μ b).
/// </para>
/// <para>
/// Matches <c>torch.optim.SGD(params, lr, momentum=μ, nesterov=True, weight_decay=λ)</c>. Defaults:
/// η = 0.01, μ = 0.9. The textbook form evaluates the gradient at the look-ahead point θ + μv;
/// this is Sutskever et al.'s reformulation at the current point, which needs no second gradient
/// evaluation and follows the same path in the shifted variable. Its first step is η(1 + μ)g.
/// </para>
/// </remarks>
public sealed class Nesterov : Optimizer
{
    private readonly StateTable<State> _states;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, finite and &gt; 0.</param>
    /// <param name="momentum">μ in (0, 1).</param>
    /// <param name="weightDecay">λ, the L2 coefficient added to the gradient.</param>
    public Nesterov(float learningRate = 0.01f, float momentum = 0.9f, float weightDecay = 0f)
        : base(learningRate, weightDecay)
    {
        _states = new(this, length => new State(new float[length]));
        if (!(momentum > 0f && momentum < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in (0, 1) for Nesterov (0 would be plain SGD).");
        }

        MomentumFactor = momentum;
    }

    /// <summary>μ, the momentum factor.</summary>
    public float MomentumFactor { get; private set; }

    /// <inheritdoc/>
    internal override string? CycledMomentumName => "momentum";

    /// <inheritdoc/>
    internal override void SetCycledMomentum(float value) => MomentumFactor = value;

    /// <inheritdoc/>
    protected override void Update(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        State state = _states.For(parameter);
        Span<float> value = parameter.Value.AsSpan(), buffer = state.Buffer;
        ReadOnlySpan<float> gradient = parameter.Gradient.AsSpan();
        float lr = LearningRate, wd = WeightDecay, mu = MomentumFactor;
        bool first = !state.Started;
        if (!UseReferenceLoops)
        {
            OptimizerKernels.Nesterov(value, gradient, buffer, lr, wd, mu, first);
            state.Started = true;
            return;
        }

        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i] + (wd * value[i]);
            buffer[i] = first ? g : (mu * buffer[i]) + g;
            value[i] -= lr * (g + (mu * buffer[i]));
        }

        state.Started = true;
    }

    /// <summary>The momentum buffer b of one parameter; it starts as the first gradient itself.</summary>
    private sealed record State(float[] Buffer) : IParameterState
    {
        public bool Started { get; set; }

        float[][] IParameterState.Buffers => [Buffer];

        int IParameterState.Counter { get => Started ? 1 : 0; set => Started = value != 0; }
    }
}
