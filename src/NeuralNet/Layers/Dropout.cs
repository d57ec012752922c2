using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>
/// Inverted dropout: in training mode each input is zeroed with probability p and the others are
/// scaled by 1/(1 − p), so the expected output equals the input; in inference mode it is the identity.
/// </summary>
/// <remarks>
/// <para>
/// Training: y = x·m/(1 − p) with m ~ Bernoulli(1 − p) per element; ∂L/∂x = ∂L/∂y·m/(1 − p), the same
/// mask. Inference: y = x, ∂L/∂x = ∂L/∂y. As PyTorch's <c>nn.Dropout(p)</c>; the mode is the model's
/// <see cref="Sequential.IsTraining"/>, which the trainer switches on only for its training steps.
/// </para>
/// <para>
/// The mask comes from a generator seeded by <c>seed</c> (SplitMix64), so seeded training is
/// repeatable; its state is part of a trainer's checkpoint, so a resumed run draws the masks the
/// uninterrupted run would have drawn.
/// </para>
/// </remarks>
public sealed class Dropout : Layer
{
    private readonly DropoutMaskGenerator _random;
    private float[] _mask = [];
    private Tensor? _output;
    private Tensor? _inputGradient;
    private bool _dropped;

    /// <summary>Creates the layer.</summary>
    /// <param name="probability">p in [0, 1), the chance that an element is dropped in training.</param>
    /// <param name="seed">The seed of the mask generator; <see langword="null"/> for a different one each time.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1).</exception>
    public Dropout(float probability = 0.5f, int? seed = null)
    {
        if (!(probability >= 0f && probability < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "probability must be in [0, 1).");
        }

        Probability = probability;
        _random = new DropoutMaskGenerator(seed is int s ? DropoutMaskGenerator.StateOf(s) : (ulong)Random.Shared.NextInt64());
    }

    /// <summary>The mask generator's state, which a checkpoint saves and a resume restores.</summary>
    internal ulong GeneratorState
    {
        get => _random.State;
        set => _random.State = value;
    }

    /// <summary>p, the chance that an element is dropped in training mode.</summary>
    public float Probability { get; }

    /// <inheritdoc/>
    public override string Name => $"Dropout({Probability.ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        Tensor output = Tensor.Ensure(ref _output, input.Rows, input.Columns);
        ReadOnlySpan<float> x = input.AsSpan();
        Span<float> y = output.AsSpan();
        _dropped = IsTraining && Probability > 0f;
        if (!_dropped)
        {
            x.CopyTo(y);
            return output;
        }

        if (_mask.Length < x.Length)
        {
            _mask = new float[x.Length];
        }

        float scale = 1f / (1f - Probability);
        for (int i = 0; i < x.Length; i++)
        {
            _mask[i] = _random.NextSingle() < Probability ? 0f : scale;
            y[i] = x[i] * _mask[i];
        }

        return output;
    }

    /// <inheritdoc/>
    private protected override Tensor InferCore(Tensor input, Tensor scratch, bool fused) => input;

    /// <inheritdoc/>
    protected override Tensor? BackwardCore(Tensor outputGradient, bool computeInputGradient)
    {
        if (!computeInputGradient)
        {
            return null;
        }

        Tensor inputGradient = Tensor.Ensure(ref _inputGradient, outputGradient.Rows, outputGradient.Columns);
        ReadOnlySpan<float> dy = outputGradient.AsSpan();
        Span<float> dx = inputGradient.AsSpan();
        if (!_dropped)
        {
            dy.CopyTo(dx);
            return inputGradient;
        }

        for (int i = 0; i < dy.Length; i++)
        {
            dx[i] = dy[i] * _mask[i];
        }

        return inputGradient;
    }
}
