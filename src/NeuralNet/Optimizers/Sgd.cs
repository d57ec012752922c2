using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Optimizers;

/// <summary>Plain stochastic gradient descent: a step against the gradient.</summary>
/// <remarks>
/// <para>g ← ∇θ + λθ;  θ ← θ − η g.</para>
/// <para>Matches <c>torch.optim.SGD(params, lr, momentum=0, weight_decay=λ)</c>. Default η = 0.01
/// (PyTorch requires it explicitly). It keeps no state. For momentum, see <see cref="Momentum"/>
/// and <see cref="Nesterov"/>.</para>
/// <para>The update runs as one SIMD pass (<see cref="OptimizerKernels.Sgd"/>) that matches the
/// element-by-element loop below bit for bit; the tests check it.</para>
/// </remarks>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, finite and &gt; 0.</param>
    /// <param name="weightDecay">λ, the L2 coefficient added to the gradient.</param>
    public Sgd(float learningRate = 0.01f, float weightDecay = 0f)
        : base(learningRate, weightDecay)
    {
    }

    /// <inheritdoc/>
    protected override void Update(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Span<float> value = parameter.Value.AsSpan();
        ReadOnlySpan<float> gradient = parameter.Gradient.AsSpan();
        if (UseReferenceLoops)
        {
            UpdateReference(value, gradient);
        }
        else
        {
            OptimizerKernels.Sgd(value, gradient, LearningRate, WeightDecay);
        }
    }

    /// <summary>The rule element by element, as in the remarks: the specification the kernel matches bit for bit.</summary>
    private void UpdateReference(Span<float> value, ReadOnlySpan<float> gradient)
    {
        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i] + (WeightDecay * value[i]);
            value[i] -= LearningRate * g;
        }
    }
}
