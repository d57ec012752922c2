using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>A fully connected layer: y = x·W + b.</summary>
/// <remarks>
/// <para>
/// Shapes: x is [rows, inputs], W is [inputs, outputs], b is [outputs] (PyTorch stores Wᵀ; the
/// values are the same). Forward keeps a reference to x, which backward reads:
/// ∂L/∂W += xᵀ·∂L/∂y, ∂L/∂b += Σ_rows ∂L/∂y, ∂L/∂x = ∂L/∂y·Wᵀ. All three products run on the
/// GEMM kernel in place, with no transposed copies.
/// </para>
/// <example><code>var hidden = new Dense(64, 128, WeightInitialization.He, seed: 1);</code></example>
/// </remarks>
public sealed class Dense : Layer
{
    private readonly Parameter? _bias;
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;

    private static int s_unseededLayers;

    /// <summary>Creates a layer with seeded random weights and zero biases.</summary>
    /// <param name="inputs">Features per input row (≥ 1).</param>
    /// <param name="outputs">Values per output row (≥ 1).</param>
    /// <param name="initialization">How to draw the weights; Glorot suits sigmoid/tanh, He suits ReLU.</param>
    /// <param name="seed">
    /// Seed of the weight draw, mixed with the layer's shape so that layers of different shapes
    /// differ; the same seed and shape give the same weights, bit for bit. When absent, the layer
    /// takes the next value of a process-wide counter of unseeded layers, hashed into a seed: no two
    /// unseeded layers of a process start alike, and a program that builds its layers in the same
    /// order (on one thread) gets the same weights on every run. Pass a seed for weights that do
    /// not depend on what else the process has built.
    /// </param>
    public Dense(int inputs, int outputs, WeightInitialization initialization = WeightInitialization.Glorot, int? seed = null)
        : this(inputs, outputs, bias: true, initialization, seed)
    {
    }

    /// <summary>
    /// Creates a layer with seeded random weights and, when <paramref name="bias"/> is set, zero biases;
    /// without a bias it is y = x·W, as PyTorch's <c>nn.Linear(inputs, outputs, bias=False)</c> — the
    /// usual layer before a <see cref="BatchNorm"/>, whose β takes the bias's place.
    /// </summary>
    /// <param name="inputs">Features per input row (≥ 1).</param>
    /// <param name="outputs">Values per output row (≥ 1).</param>
    /// <param name="bias">Whether the layer has a bias b.</param>
    /// <param name="initialization">How to draw the weights; Glorot suits sigmoid/tanh, He suits ReLU.</param>
    /// <param name="seed">Seed of the weight draw, as in <see cref="Dense(int, int, WeightInitialization, int?)"/>.</param>
    public Dense(int inputs, int outputs, bool bias, WeightInitialization initialization = WeightInitialization.Glorot, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        if (!Enum.IsDefined(initialization))
        {
            throw new ArgumentOutOfRangeException(nameof(initialization), initialization, "Unknown weight initialization.");
        }

        Inputs = inputs;
        Outputs = outputs;
        Initialization = initialization;
        Weight = new Parameter("weight", new Tensor(inputs, outputs));
        HasBias = bias;
        _bias = bias ? new Parameter("bias", new Tensor(outputs)) : null;
        Parameters = _bias is null ? [Weight] : [Weight, _bias];
        Initialize(seed ?? NextUnseededSeed());
    }

    /// <summary>Features per input row.</summary>
    public int Inputs { get; }

    /// <summary>Values per output row.</summary>
    public int Outputs { get; }

    /// <summary>How the weights are drawn.</summary>
    public WeightInitialization Initialization { get; }

    /// <summary>W, [inputs, outputs].</summary>
    public Parameter Weight { get; }

    /// <summary>Whether the layer has a bias b (see <see cref="Dense(int, int, bool, WeightInitialization, int?)"/>).</summary>
    public bool HasBias { get; }

    /// <summary>b, [outputs].</summary>
    /// <exception cref="InvalidOperationException">The layer was built without a bias (<see cref="HasBias"/> is false).</exception>
    public Parameter Bias => _bias ?? throw new InvalidOperationException($"{Name} was built without a bias (bias: false); it has no Bias parameter.");

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters { get; }

    /// <inheritdoc/>
    internal override bool CanReplaceGradients => true;

    /// <inheritdoc/>
    public override string Name => HasBias ? $"Dense({Inputs}→{Outputs})" : $"Dense({Inputs}→{Outputs}, no bias)";

    /// <summary>Draws new weights from the layer's initialization with the given seed and zeroes the biases.</summary>
    /// <param name="seed">The seed; the same seed and shape give the same weights, bit for bit.</param>
    public void Initialize(int seed)
    {
        var random = new Random(unchecked((seed * 1_000_003) + (Inputs * 7_919) + Outputs));
        Span<float> w = Weight.Value.AsSpan();
        if (Initialization == WeightInitialization.Glorot)
        {
            double limit = Math.Sqrt(6.0 / (Inputs + Outputs));
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = (float)(((2 * random.NextDouble()) - 1) * limit);
            }
        }
        else
        {
            double deviation = Math.Sqrt(2.0 / Inputs);
            for (int i = 0; i < w.Length; i++)
            {
                // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
                double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
                w[i] = (float)(deviation * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        }

        _bias?.Value.Clear();
    }

    /// <summary>
    /// The seed of the next layer built without one: the counter's value through a multiplicative
    /// (Fibonacci) hash, so that successive layers get seeds far apart and far from the small
    /// seeds people pass by hand. Never <see cref="Random.Shared"/>: a run must be repeatable.
    /// </summary>
    private static int NextUnseededSeed() =>
        unchecked((int)(((uint)Interlocked.Increment(ref s_unseededLayers) * 0x9E37_79B9u) ^ 0x5EED_5EEDu));

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => ForwardAffine(input, relu: false);

    /// <summary>The forward pass with the following ReLU applied to each tile of the product as it is finished.</summary>
    private protected override Tensor ForwardFusedCore(Tensor input) => ForwardAffine(input, relu: true);

    /// <summary>The forward pass into the caller's tensor, keeping nothing: how inference runs on many threads at once.</summary>
    private protected override Tensor InferCore(Tensor input, Tensor scratch, bool fused)
    {
        CheckInput(input);
        scratch.Reshape(input.Rows, Outputs);
        Affine(input, scratch, fused);
        return scratch;
    }

    private Tensor ForwardAffine(Tensor input, bool relu)
    {
        CheckInput(input);
        _input = input;
        Tensor output = Tensor.Ensure(ref _output, input.Rows, Outputs);
        Affine(input, output, relu);
        return output;
    }

    private void CheckInput(Tensor input)
    {
        if (input.Columns != Inputs)
        {
            throw new ArgumentException($"x has {input.Columns} columns; {Name} expects {Inputs}.", nameof(input));
        }
    }

    // The bias (and a fused ReLU) go on in the product's last depth block, while each tile of the
    // output is still in registers.
    private void Affine(Tensor input, Tensor output, bool relu) =>
        Gemm.Multiply(
            new GemmMatrix(input.AsSpan(), input.Rows, Inputs), new GemmMatrix(Weight.Value.AsSpan(), Inputs, Outputs), output.AsSpan(),
            bias: _bias is null ? default : _bias.Value.AsSpan(), relu: relu);

    /// <inheritdoc/>
    protected override Tensor? BackwardCore(Tensor outputGradient, bool computeInputGradient)
    {
        if (outputGradient.Columns != Outputs)
        {
            throw new ArgumentException($"The gradient has {outputGradient.Columns} columns; {Name} outputs {Outputs}.", nameof(outputGradient));
        }

        Tensor x = _input!;
        int rows = x.Rows;
        // Written rather than added when the trainer replaces the gradients: 0 + s is s, bit for bit.
        Gemm.MultiplyTransposeA(
            new GemmMatrix(x.AsSpan(), rows, Inputs), new GemmMatrix(outputGradient.AsSpan(), rows, Outputs), Weight.Gradient.AsSpan(),
            accumulate: !ReplaceGradients);
        if (_bias is not null)
        {
            if (ReplaceGradients)
            {
                _bias.Gradient.Clear();
            }

            VectorMath.AddColumnSums(outputGradient.AsSpan(), rows, _bias.Gradient.AsSpan());
        }

        if (!computeInputGradient)
        {
            return null;
        }

        Tensor inputGradient = Tensor.Ensure(ref _inputGradient, rows, Inputs);
        Gemm.MultiplyTransposeB(
            new GemmMatrix(outputGradient.AsSpan(), rows, Outputs), new GemmMatrix(Weight.Value.AsSpan(), Inputs, Outputs), inputGradient.AsSpan());
        return inputGradient;
    }
}
