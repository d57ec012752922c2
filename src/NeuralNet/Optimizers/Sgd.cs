using NeuralNet.Kernels;

namespace NeuralNet.Optimizers;

/// <summary>Plain stochastic gradient descent: a step against the gradient.</summary>
/// <remarks>
/// <para>g ← ∇θ + λθ;  θ ← θ − η g.</para>
/// <para>Matches <c>torch.optim.SGD(params, lr, momentum=0, weight_decay=λ)</c>. Default η = 0.01
/// (PyTorch requires it explicitly). For momentum, see <see cref="Momentum"/> and <see cref="Nesterov"/>.</para>
/// </remarks>
public sealed class Sgd : Optimizer<Sgd.State>
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, finite and &gt; 0.</param>
    /// <param name="weightDecay">λ, the L2 coefficient added to the gradient.</param>
    public Sgd(float learningRate = 0.01f, float weightDecay = 0f)
        : base(learningRate, weightDecay)
    {
    }

    /// <inheritdoc/>
    protected override State CreateState(int length) => State.Instance;

    /// <inheritdoc/>
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, State state, int stepNumber) =>
        OptimizerKernels.Sgd(value, gradient, LearningRate, WeightDecay);

    /// <summary>Plain SGD keeps no state.</summary>
    public sealed class State
    {
        internal static readonly State Instance = new();
    }
}
