using System.Buffers;
using System.Globalization;
using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>
/// Batch normalisation of each feature (column), as PyTorch's <c>nn.BatchNorm1d(features, eps, momentum)</c>:
/// y = γ·x̂ + β, where x̂ is the input centred and scaled by the batch's statistics in training mode
/// and by running statistics in inference mode.
/// </summary>
/// <remarks>
/// <para>
/// Training mode (see <see cref="Sequential.IsTraining"/>), per column over the B rows of a batch:
/// μ = Σx/B, σ² = Σ(x − μ)²/B (biased), x̂ = (x − μ)/√(σ² + ε). The running statistics follow each
/// training batch: mean ← (1 − m)·mean + m·μ and variance ← (1 − m)·variance + m·σ²·B/(B − 1)
/// (the unbiased variance), where m is <see cref="Momentum"/>, the weight of the new batch (Keras'
/// momentum is 1 − m). A batch of one row has no variance: training with it is an error.
/// </para>
/// <para>
/// Backward in training mode, with g = ∂L/∂y: ∂L/∂γ += Σ g·x̂, ∂L/∂β += Σ g and
/// ∂L/∂x = γ/(B·√(σ² + ε))·(B·g − Σg − x̂·Σ(g·x̂)), the gradient flowing through μ and σ² too.
/// </para>
/// <para>
/// Inference mode: x̂ = (x − running mean)/√(running variance + ε), nothing is updated, and the
/// backward pass is the plain affine one, ∂L/∂x = g·γ/√(running variance + ε).
/// </para>
/// <para>
/// γ (<see cref="Gamma"/>, named <c>weight</c> as in PyTorch) and β (<see cref="Beta"/>, <c>bias</c>)
/// are trained; the running statistics are buffers: saved with the model but never touched by an
/// optimizer, clipped or counted as trainable.
/// </para>
/// <example><code>
/// var model = new Sequential(
///     new Dense(784, 256, WeightInitialization.He), new BatchNorm(256), new ReLU(),
///     new Dense(256, 10), new Softmax());
/// </code></example>
/// </remarks>
public sealed class BatchNorm : Layer
{
    private readonly float[] _inverseDeviation; // 1/√(σ² + ε) of the last forward pass, per feature
    private readonly float[] _batchMean;
    private readonly double[] _sums; // column sums in double: the mean, then Σg in backward
    private readonly double[] _products; // Σ(x − μ)², then Σ(g·x̂) in backward
    private readonly float[] _columnTerms; // backward's per-column γ/√(σ² + ε), mean g and mean g·x̂, side by side
    private Tensor? _normalized; // x̂ of the last forward pass
    private Tensor? _output;
    private Tensor? _inputGradient;
    private bool _batchStatistics; // whether the last forward pass used the batch's statistics

    /// <summary>Creates the layer with γ = 1, β = 0, running mean 0 and running variance 1 (PyTorch's defaults).</summary>
    /// <param name="features">The features (columns) normalised, ≥ 1.</param>
    /// <param name="epsilon">ε, added to the variance under the square root; positive.</param>
    /// <param name="momentum">The weight of each new batch in the running statistics, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range.</exception>
    public BatchNorm(int features, float epsilon = 1e-5f, float momentum = 0.1f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        if (!(float.IsFinite(epsilon) && epsilon > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be finite and positive.");
        }

        if (!(momentum >= 0f && momentum <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1].");
        }

        Features = features;
        Epsilon = epsilon;
        Momentum = momentum;
        Gamma = new Parameter("weight", new Tensor(features));
        Beta = new Parameter("bias", new Tensor(features));
        Gamma.Value.AsSpan().Fill(1f);
        RunningMean = new Tensor(features);
        RunningVariance = new Tensor(features);
        RunningVariance.AsSpan().Fill(1f);
        Buffers = [("running_mean", RunningMean), ("running_var", RunningVariance)];
        _inverseDeviation = new float[features];
        _batchMean = new float[features];
        _sums = new double[features];
        _products = new double[features];
        _columnTerms = new float[3 * features];
        Parameters = [Gamma, Beta];
    }

    /// <summary>The features (columns) normalised: the layer's input and output width.</summary>
    public int Features { get; }

    /// <summary>ε, added to the variance under the square root.</summary>
    public float Epsilon { get; }

    /// <summary>The weight of each new training batch in the running statistics (PyTorch's momentum).</summary>
    public float Momentum { get; }

    /// <summary>γ, the scale applied after normalising, [features] (PyTorch's <c>weight</c>).</summary>
    public Parameter Gamma { get; }

    /// <summary>β, the shift applied after normalising, [features] (PyTorch's <c>bias</c>).</summary>
    public Parameter Beta { get; }

    /// <summary>The running mean of each feature, [features], used in inference mode; updated by each training batch.</summary>
    public Tensor RunningMean { get; }

    /// <summary>The running (unbiased) variance of each feature, [features], used in inference mode; updated by each training batch.</summary>
    public Tensor RunningVariance { get; }

    /// <summary>The training batches seen so far (PyTorch's <c>num_batches_tracked</c>); informational.</summary>
    public long BatchesTracked { get; internal set; }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters { get; }

    /// <inheritdoc/>
    internal override IReadOnlyList<(string Name, Tensor Value)> Buffers { get; }

    /// <inheritdoc/>
    internal override bool CanReplaceGradients => true;

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"BatchNorm({Features})");

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        CheckInput(input);
        int rows = input.Rows;
        Tensor output = Tensor.Ensure(ref _output, rows, Features);
        Tensor normalized = Tensor.Ensure(ref _normalized, rows, Features);
        _batchStatistics = IsTraining;
        if (IsTraining)
        {
            if (rows < 2)
            {
                throw new InvalidOperationException(
                    $"{Name} got a training batch of {rows} row; batch normalisation needs at least 2 rows per training batch (one row has no variance). Use a batch size of 2 or more, and a training set whose size does not leave a last batch of one.");
            }

            UseBatchStatistics(input.AsSpan(), rows);
        }
        else
        {
            InverseDeviations(RunningVariance.AsSpan(), Epsilon, _inverseDeviation);
        }

        Normalize(input.AsSpan(), rows, _batchStatistics ? _batchMean : RunningMean.AsSpan(), normalized.AsSpan(), output.AsSpan());
        return output;
    }

    /// <summary>The inference-mode forward pass into the caller's tensor, reading only the running statistics and γ, β.</summary>
    private protected override Tensor InferCore(Tensor input, Tensor scratch, bool fused)
    {
        CheckInput(input);
        scratch.Reshape(input.Rows, Features);
        // Inference may run on many threads at once: its scratch is its own, on the stack or rented.
        float[]? rented = Features <= 256 ? null : ArrayPool<float>.Shared.Rent(Features);
        Span<float> inverse = rented is null ? stackalloc float[Features] : rented.AsSpan(0, Features);
        InverseDeviations(RunningVariance.AsSpan(), Epsilon, inverse);
        ReadOnlySpan<float> x = input.AsSpan(), mean = RunningMean.AsSpan(), gamma = Gamma.Value.AsSpan(), beta = Beta.Value.AsSpan();
        Span<float> y = scratch.AsSpan();
        for (int r = 0, o = 0; r < input.Rows; r++, o += Features)
        {
            for (int j = 0; j < Features; j++)
            {
                y[o + j] = (gamma[j] * ((x[o + j] - mean[j]) * inverse[j])) + beta[j];
            }
        }

        if (rented is not null)
        {
            ArrayPool<float>.Shared.Return(rented);
        }

        return scratch;
    }

    /// <inheritdoc/>
    protected override Tensor? BackwardCore(Tensor outputGradient, bool computeInputGradient)
    {
        if (outputGradient.Columns != Features)
        {
            throw new ArgumentException($"The gradient has {outputGradient.Columns} columns; {Name} outputs {Features}.", nameof(outputGradient));
        }

        int rows = outputGradient.Rows;
        ReadOnlySpan<float> g = outputGradient.AsSpan(), xHat = _normalized!.AsSpan(), gamma = Gamma.Value.AsSpan();
        Span<float> dGamma = Gamma.Gradient.AsSpan(), dBeta = Beta.Gradient.AsSpan();
        double[] sumG = _sums, sumGxHat = _products;
        Array.Clear(sumG);
        Array.Clear(sumGxHat);
        for (int r = 0, o = 0; r < rows; r++, o += Features)
        {
            for (int j = 0; j < Features; j++)
            {
                sumG[j] += g[o + j];
                sumGxHat[j] += (double)g[o + j] * xHat[o + j];
            }
        }

        for (int j = 0; j < Features; j++)
        {
            dGamma[j] = (ReplaceGradients ? 0f : dGamma[j]) + (float)sumGxHat[j];
            dBeta[j] = (ReplaceGradients ? 0f : dBeta[j]) + (float)sumG[j];
        }

        if (!computeInputGradient)
        {
            return null;
        }

        Tensor inputGradient = Tensor.Ensure(ref _inputGradient, rows, Features);
        Span<float> dx = inputGradient.AsSpan();
        if (!_batchStatistics)
        {
            for (int r = 0, o = 0; r < rows; r++, o += Features)
            {
                for (int j = 0; j < Features; j++)
                {
                    dx[o + j] = g[o + j] * gamma[j] * _inverseDeviation[j];
                }
            }

            return inputGradient;
        }

        // dx = γ/(B·√(σ² + ε))·(B·g − Σg − x̂·Σ(g·x̂)), per column.
        Span<float> scale = _columnTerms.AsSpan(0, Features);
        Span<float> meanG = _columnTerms.AsSpan(Features, Features);
        Span<float> meanGxHat = _columnTerms.AsSpan(2 * Features, Features);
        for (int j = 0; j < Features; j++)
        {
            scale[j] = gamma[j] * _inverseDeviation[j];
            meanG[j] = (float)(sumG[j] / rows);
            meanGxHat[j] = (float)(sumGxHat[j] / rows);
        }

        for (int r = 0, o = 0; r < rows; r++, o += Features)
        {
            for (int j = 0; j < Features; j++)
            {
                dx[o + j] = scale[j] * (g[o + j] - meanG[j] - (xHat[o + j] * meanGxHat[j]));
            }
        }

        return inputGradient;
    }

    private void CheckInput(Tensor input)
    {
        if (input.Columns != Features)
        {
            throw new ArgumentException($"x has {input.Columns} columns; {Name} expects {Features}.", nameof(input));
        }
    }

    /// <summary>
    /// Takes the batch's mean and biased variance per column (in double, two passes), keeps
    /// 1/√(σ² + ε) for the backward pass, and moves the running statistics towards the batch's.
    /// </summary>
    private void UseBatchStatistics(ReadOnlySpan<float> x, int rows)
    {
        double[] mean = _sums, squares = _products;
        Array.Clear(mean);
        Array.Clear(squares);
        for (int r = 0, o = 0; r < rows; r++, o += Features)
        {
            for (int j = 0; j < Features; j++)
            {
                mean[j] += x[o + j];
            }
        }

        for (int j = 0; j < Features; j++)
        {
            mean[j] /= rows;
        }

        for (int r = 0, o = 0; r < rows; r++, o += Features)
        {
            for (int j = 0; j < Features; j++)
            {
                double d = x[o + j] - mean[j];
                squares[j] += d * d;
            }
        }

        double keep = 1.0 - Momentum;
        Span<float> runningMean = RunningMean.AsSpan(), runningVariance = RunningVariance.AsSpan();
        for (int j = 0; j < Features; j++)
        {
            double variance = squares[j] / rows;
            _inverseDeviation[j] = (float)(1.0 / Math.Sqrt(variance + Epsilon));
            runningMean[j] = (float)((keep * runningMean[j]) + (Momentum * mean[j]));
            runningVariance[j] = (float)((keep * runningVariance[j]) + (Momentum * (squares[j] / (rows - 1))));
            _batchMean[j] = (float)mean[j];
        }

        BatchesTracked++;
    }

    /// <summary>x̂ = (x − μ)·(1/√(σ² + ε)) and y = γ·x̂ + β, with μ <paramref name="mean"/>: the batch's or the running one.</summary>
    private void Normalize(ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> mean, Span<float> xHat, Span<float> y)
    {
        ReadOnlySpan<float> gamma = Gamma.Value.AsSpan(), beta = Beta.Value.AsSpan();
        for (int r = 0, o = 0; r < rows; r++, o += Features)
        {
            for (int j = 0; j < Features; j++)
            {
                float normalized = (x[o + j] - mean[j]) * _inverseDeviation[j];
                xHat[o + j] = normalized;
                y[o + j] = (gamma[j] * normalized) + beta[j];
            }
        }
    }

    private static void InverseDeviations(ReadOnlySpan<float> variance, float epsilon, Span<float> inverse)
    {
        for (int j = 0; j < variance.Length; j++)
        {
            inverse[j] = (float)(1.0 / Math.Sqrt((double)variance[j] + epsilon));
        }
    }
}
