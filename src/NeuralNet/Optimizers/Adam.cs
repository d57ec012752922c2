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
/// L2 coupled to the gradient; for decoupled decay use <see cref="AdamW"/>.
/// </para>
/// </remarks>
public sealed class Adam : Optimizer<AdamState>
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, finite and &gt; 0.</param>
    /// <param name="beta1">β₁ in [0, 1), the decay of the first moment.</param>
    /// <param name="beta2">β₂ in [0, 1), the decay of the second moment.</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="weightDecay">λ, the L2 coefficient added to the gradient.</param>
    /// <param name="amsGrad">Use the running maximum of v (Reddi, Kale and Kumar, 2018).</param>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f, bool amsGrad = false)
        : base(learningRate, weightDecay)
    {
        Beta1 = RequireUnitInterval(beta1, nameof(beta1));
        Beta2 = RequireUnitInterval(beta2, nameof(beta2));
        Epsilon = RequirePositive(epsilon, nameof(epsilon));
        AmsGrad = amsGrad;
    }

    /// <summary>β₁, the decay rate of the first-moment estimate.</summary>
    public float Beta1 { get; }

    /// <summary>β₂, the decay rate of the second-moment estimate.</summary>
    public float Beta2 { get; }

    /// <summary>ε, added to the denominator for stability.</summary>
    public float Epsilon { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc/>
    protected override AdamState CreateState(int length) => new(length, AmsGrad);

    /// <inheritdoc/>
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, AdamState state, int stepNumber) =>
        AdamState.Apply(value, gradient, state, stepNumber, LearningRate, Beta1, Beta2, Epsilon, WeightDecay, AmsGrad);
}
