using NeuralNet.Kernels;

namespace NeuralNet.Optimizers;

/// <summary>AdamW: Adam with weight decay decoupled from the gradient.</summary>
/// <remarks>
/// <para>
/// θ ← θ (1 − η λ); then the <see cref="Adam"/> update with the raw gradient (no L2 term), which
/// was taken at the un-decayed θ.
/// </para>
/// <para>
/// Matches <c>torch.optim.AdamW(params, lr=η, betas=(β₁, β₂), eps=ε, weight_decay=λ, amsgrad)</c> with
/// PyTorch's defaults η = 0.001, β = (0.9, 0.999), ε = 1e-8 and λ = 0.01 (Adam's is 0)
/// (Loshchilov and Hutter, 2019).
/// </para>
/// </remarks>
public sealed class AdamW : Optimizer<AdamState>
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, finite and &gt; 0.</param>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="weightDecay">λ ≥ 0, the decoupled decay rate.</param>
    /// <param name="amsGrad">Use the running maximum of v.</param>
    public AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f, bool amsGrad = false)
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
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, AdamState state, int stepNumber)
    {
        VectorMath.Scale(value, 1f - (LearningRate * WeightDecay));

        AdamState.Apply(value, gradient, state, stepNumber, LearningRate, Beta1, Beta2, Epsilon, 0f, AmsGrad);
    }
}
