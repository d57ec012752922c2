using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Optimizers;

/// <summary>Adam: momentum on the gradient and per-coordinate scaling by its second moment, both bias-corrected.</summary>
/// <remarks>
/// <para>
/// g ← ∇θ + λθ;  m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²;
/// θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
/// With AMSGrad, v̂ ← max(v̂, v) replaces v in the denominator.
/// </para>
/// <para>
/// Matches <c>torch.optim.Adam(params, lr=η, betas=(β₁, β₂), eps=ε, weight_decay=λ, amsgrad)</c> with
/// PyTorch's defaults η = 0.001, β = (0.9, 0.999), ε = 1e-8. ε is added after the bias correction
/// of √v, as in Kingma and Ba's Algorithm 1 (Keras adds it to the raw √v). Weight decay here is
/// L2 coupled to the gradient; <see cref="AdamW"/> is this class with the decay decoupled, as
/// <c>torch.optim.AdamW</c> is a subclass of <c>torch.optim.Adam</c>.
/// </para>
/// <para>
/// Without AMSGrad the update runs as one fused SIMD pass (<see cref="OptimizerKernels.Adam"/>)
/// that matches the element-by-element loop below bit for bit; the tests check it.
/// </para>
/// </remarks>
public class Adam : Optimizer
{
    private readonly StateTable<State> _states;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, finite and &gt; 0.</param>
    /// <param name="beta1">β₁ in [0, 1), the decay of the first moment.</param>
    /// <param name="beta2">β₂ in [0, 1), the decay of the second moment.</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="weightDecay">λ, the L2 coefficient added to the gradient.</param>
    /// <param name="amsGrad">Use the running maximum of v (Reddi, Kale and Kumar, 2018).</param>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f, bool amsGrad = false)
        : this(learningRate, beta1, beta2, epsilon, weightDecay, amsGrad, decoupledWeightDecay: false)
    {
    }

    /// <summary>Creates Adam or, with <paramref name="decoupledWeightDecay"/>, AdamW.</summary>
    private protected Adam(float learningRate, float beta1, float beta2, float epsilon, float weightDecay, bool amsGrad, bool decoupledWeightDecay)
        : base(learningRate, weightDecay)
    {
        Beta1 = RequireUnitInterval(beta1, nameof(beta1));
        Beta2 = RequireUnitInterval(beta2, nameof(beta2));
        Epsilon = RequirePositive(epsilon, nameof(epsilon));
        AmsGrad = amsGrad;
        DecoupledWeightDecay = decoupledWeightDecay;
        _states = new(this, length => new State(new float[length], new float[length], amsGrad ? new float[length] : []));
    }

    /// <summary>β₁, the decay rate of the first-moment estimate.</summary>
    public float Beta1 { get; private set; }

    /// <inheritdoc/>
    internal override string? CycledMomentumName => "beta1";

    /// <inheritdoc/>
    internal override void SetCycledMomentum(float value) => Beta1 = value;

    /// <summary>β₂, the decay rate of the second-moment estimate.</summary>
    public float Beta2 { get; }

    /// <summary>ε, added to the denominator for stability.</summary>
    public float Epsilon { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool AmsGrad { get; }

    /// <summary>
    /// Whether weight decay shrinks θ directly (θ ← θ(1 − ηλ), AdamW) instead of joining the gradient as an L2 term.
    /// </summary>
    public bool DecoupledWeightDecay { get; }

    /// <inheritdoc/>
    protected sealed override void Update(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        State state = _states.For(parameter);
        int step = ++state.Step;
        Span<float> value = parameter.Value.AsSpan();
        ReadOnlySpan<float> gradient = parameter.Gradient.AsSpan();
        float l2 = WeightDecay;
        if (DecoupledWeightDecay)
        {
            // AdamW's one difference: the decay shrinks θ itself, and the moments see the raw gradient.
            VectorMath.Scale(value, 1f - (LearningRate * WeightDecay));
            l2 = 0f;
        }

        // η/(1 − β₁ᵗ) and √(1 − β₂ᵗ), computed in double and rounded once, as PyTorch does with its Python floats.
        float stepSize = (float)(LearningRate / (1 - Math.Pow(Beta1, step)));
        float bc2Sqrt = (float)Math.Sqrt(1 - Math.Pow(Beta2, step));
        if (AmsGrad || UseReferenceLoops)
        {
            UpdateReference(value, gradient, state, l2, stepSize, bc2Sqrt);
        }
        else
        {
            OptimizerKernels.Adam(value, gradient, state.FirstMoment, state.SecondMoment, Beta1, Beta2, Epsilon, l2, stepSize, bc2Sqrt);
        }
    }

    /// <summary>The update element by element, as in the remarks: the specification the kernel matches bit for bit.</summary>
    private void UpdateReference(Span<float> value, ReadOnlySpan<float> gradient, State state, float l2, float stepSize, float bc2Sqrt)
    {
        float beta1 = Beta1, beta2 = Beta2;
        Span<float> m = state.FirstMoment, v = state.SecondMoment, vMax = state.MaxSecondMoment;
        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i] + (l2 * value[i]);
            m[i] = (beta1 * m[i]) + ((1f - beta1) * g);
            v[i] = (beta2 * v[i]) + ((1f - beta2) * g * g);
            float second = v[i];
            if (AmsGrad)
            {
                vMax[i] = MathF.Max(vMax[i], v[i]);
                second = vMax[i];
            }

            value[i] -= stepSize * m[i] / ((MathF.Sqrt(second) / bc2Sqrt) + Epsilon);
        }
    }

    /// <summary>The moment estimates m, v and (AMSGrad only) v̂ of one parameter, and its step count t.</summary>
    private sealed record State(float[] FirstMoment, float[] SecondMoment, float[] MaxSecondMoment) : IParameterState
    {
        public int Step { get; set; }

        float[][] IParameterState.Buffers => [FirstMoment, SecondMoment, MaxSecondMoment];

        int IParameterState.Counter { get => Step; set => Step = value; }
    }
}
