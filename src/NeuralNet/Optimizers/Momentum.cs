using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Optimizers;

/// <summary>SGD with (heavy-ball) momentum: steps follow a running sum of past gradients.</summary>
/// <remarks>
/// <para>
/// g ← ∇θ + λθ;  b ← g on the first step, else b ← μ b + (1 − τ) g;  θ ← θ − η b. With μ = 0
/// there is no buffer (θ ← θ − η g, whatever τ), as in torch.
/// </para>
/// <para>
/// Matches <c>torch.optim.SGD(params, lr, momentum=μ, dampening=τ, weight_decay=λ)</c>. Defaults:
/// η = 0.01, μ = 0.9 (PyTorch's SGD has momentum 0 by default; this class exists for momentum),
/// τ = 0. Unlike the textbook velocity form v ← μv − η∇θ, the buffer holds gradients and η is
/// applied when stepping; the two agree for a constant η.
/// </para>
/// </remarks>
public sealed class Momentum : Optimizer
{
    private readonly StateTable<State> _states;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, finite and &gt; 0.</param>
    /// <param name="momentum">μ in [0, 1).</param>
    /// <param name="dampening">τ in [0, 1): the share of the new gradient left out of the buffer.</param>
    /// <param name="weightDecay">λ, the L2 coefficient added to the gradient.</param>
    public Momentum(float learningRate = 0.01f, float momentum = 0.9f, float dampening = 0f, float weightDecay = 0f)
        : base(learningRate, weightDecay)
    {
        _states = new(this, length => new State(new float[length]));
        MomentumFactor = RequireUnitInterval(momentum, nameof(momentum));
        Dampening = RequireUnitInterval(dampening, nameof(dampening));
    }

    /// <summary>μ, the momentum factor.</summary>
    public float MomentumFactor { get; private set; }

    /// <inheritdoc/>
    internal override string? CycledMomentumName => "momentum";

    /// <inheritdoc/>
    internal override void SetCycledMomentum(float value) => MomentumFactor = value;

    /// <summary>τ, the dampening.</summary>
    public float Dampening { get; }

    /// <inheritdoc/>
    protected override void Update(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (MomentumFactor == 0f)
        {
            // torch.optim.SGD keeps no buffer at momentum 0, so dampening never applies: θ ← θ − η g.
            UpdateWithoutBuffer(parameter);
            return;
        }

        State state = _states.For(parameter);
        Span<float> value = parameter.Value.AsSpan(), buffer = state.Buffer;
        ReadOnlySpan<float> gradient = parameter.Gradient.AsSpan();
        float lr = LearningRate, wd = WeightDecay, mu = MomentumFactor, keep = 1f - Dampening;
        bool first = !state.Started;
        if (!UseReferenceLoops)
        {
            OptimizerKernels.Momentum(value, gradient, buffer, lr, wd, mu, keep, first);
            state.Started = true;
            return;
        }

        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i] + (wd * value[i]);
            buffer[i] = first ? g : (mu * buffer[i]) + (keep * g);
            value[i] -= lr * buffer[i];
        }

        state.Started = true;
    }

    /// <summary>Plain SGD, θ ← θ − η (∇θ + λθ): momentum 0 as torch treats it.</summary>
    private void UpdateWithoutBuffer(Parameter parameter)
    {
        Span<float> value = parameter.Value.AsSpan();
        ReadOnlySpan<float> gradient = parameter.Gradient.AsSpan();
        float lr = LearningRate, wd = WeightDecay;
        if (!UseReferenceLoops)
        {
            OptimizerKernels.Sgd(value, gradient, lr, wd);
            return;
        }

        for (int i = 0; i < value.Length; i++)
        {
            value[i] -= lr * (gradient[i] + (wd * value[i]));
        }
    }

    /// <summary>The momentum buffer b of one parameter; it starts as the first gradient itself.</summary>
    private sealed record State(float[] Buffer) : IParameterState
    {
        public bool Started { get; set; }

        float[][] IParameterState.Buffers => [Buffer];

        int IParameterState.Counter { get => Started ? 1 : 0; set => Started = value != 0; }
    }
}
