using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Optimizers;

/// <summary>Adagrad: per-coordinate step sizes that shrink with the sum of that coordinate's squared gradients.</summary>
/// <remarks>
/// <para>
/// g ← ∇θ + λθ;  η_t = η / (1 + (t − 1)·δ);  s ← s + g²;  θ ← θ − η_t g / (√s + ε).
/// </para>
/// <para>
/// Matches <c>torch.optim.Adagrad(params, lr=η, lr_decay=δ, weight_decay=λ, initial_accumulator_value=s₀, eps=ε)</c>
/// with PyTorch's defaults η = 0.01, δ = 0, s₀ = 0, ε = 1e-10. ε sits outside the square root;
/// with s₀ = 0 the first step is η·sign(g) (Duchi, Hazan and Singer, 2011).
/// </para>
/// </remarks>
public sealed class Adagrad : Optimizer
{
    private readonly StateTable<State> _states;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, finite and &gt; 0.</param>
    /// <param name="learningRateDecay">δ ≥ 0.</param>
    /// <param name="weightDecay">λ, the L2 coefficient added to the gradient.</param>
    /// <param name="initialAccumulatorValue">s₀ ≥ 0.</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    public Adagrad(float learningRate = 0.01f, float learningRateDecay = 0f, float weightDecay = 0f, float initialAccumulatorValue = 0f, float epsilon = 1e-10f)
        : base(learningRate, weightDecay)
    {
        LearningRateDecay = RequireNonNegative(learningRateDecay, nameof(learningRateDecay));
        InitialAccumulatorValue = RequireNonNegative(initialAccumulatorValue, nameof(initialAccumulatorValue));
        Epsilon = RequirePositive(epsilon, nameof(epsilon));
        _states = new(this, length => new State(CreateSum(length, InitialAccumulatorValue)));
    }

    /// <summary>δ, the learning-rate decay per step.</summary>
    public float LearningRateDecay { get; }

    /// <summary>s₀, the starting value of the accumulator.</summary>
    public float InitialAccumulatorValue { get; }

    /// <summary>ε, added to the denominator for stability.</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    protected override void Update(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        State state = _states.For(parameter);
        int step = ++state.Step;
        Span<float> value = parameter.Value.AsSpan(), sum = state.SquaredGradientSum;
        ReadOnlySpan<float> gradient = parameter.Gradient.AsSpan();
        float wd = WeightDecay, eps = Epsilon;
        float clr = (float)(LearningRate / (1 + ((step - 1) * (double)LearningRateDecay)));
        if (!UseReferenceLoops)
        {
            OptimizerKernels.Adagrad(value, gradient, sum, clr, wd, eps);
            return;
        }

        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i] + (wd * value[i]);
            sum[i] += g * g;
            value[i] -= clr * g / (MathF.Sqrt(sum[i]) + eps);
        }
    }

    private static float[] CreateSum(int length, float initial)
    {
        float[] sum = new float[length];
        sum.AsSpan().Fill(initial);
        return sum;
    }

    /// <summary>The accumulated squared gradients s of one parameter, and its step count t.</summary>
    private sealed record State(float[] SquaredGradientSum) : IParameterState
    {
        public int Step { get; set; }

        float[][] IParameterState.Buffers => [SquaredGradientSum];

        int IParameterState.Counter { get => Step; set => Step = value; }
    }
}
