namespace NeuralNet.Optimizers;

/// <summary>AdamW: <see cref="Adam"/> with weight decay decoupled from the gradient.</summary>
/// <remarks>
/// <para>
/// θ ← θ (1 − η λ); then the <see cref="Adam"/> update with the raw gradient (no L2 term), which
/// was taken at the un-decayed θ. That is the one place it differs from Adam
/// (<see cref="Adam.DecoupledWeightDecay"/>); its default λ is 0.01 where Adam's is 0.
/// </para>
/// <para>
/// Matches <c>torch.optim.AdamW(params, lr=η, betas=(β₁, β₂), eps=ε, weight_decay=λ, amsgrad)</c> with
/// PyTorch's defaults η = 0.001, β = (0.9, 0.999), ε = 1e-8 and λ = 0.01
/// (Loshchilov and Hutter, 2019).
/// </para>
/// </remarks>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, finite and &gt; 0.</param>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="weightDecay">λ ≥ 0, the decoupled decay rate.</param>
    /// <param name="amsGrad">Use the running maximum of v.</param>
    public AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f, bool amsGrad = false)
        : base(learningRate, beta1, beta2, epsilon, weightDecay, amsGrad, decoupledWeightDecay: true)
    {
    }
}
