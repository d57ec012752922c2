using NeuralNet.Tensors;

namespace NeuralNet.Losses;

/// <summary>Cross-entropy with label smoothing and per-class weights, as PyTorch's <c>F.cross_entropy</c>.</summary>
/// <remarks>
/// With ε the smoothing, C classes and w the class weights (all 1 without weights), row i's
/// coefficients are aᵢⱼ = wⱼ((1 − ε)tᵢⱼ + ε/C) and L = Σᵢ Σⱼ aᵢⱼ(−log pᵢⱼ) / D, where D = Σᵢ Σⱼ wⱼ tᵢⱼ
/// for the mean (the rows' target-class weights: the row count without weights) and 1 for the sum.
/// From logits, −log pᵢⱼ = logsumexp(zᵢ) − zᵢⱼ and ∂L/∂zᵢ = (pᵢ Σⱼ aᵢⱼ − aᵢ)/D. Without weights this is
/// the plain loss of the smoothed targets (1 − ε)t + ε/C. Class weights need one-hot targets, as
/// PyTorch's class-index form does.
/// </remarks>
public sealed partial class CategoricalCrossEntropy
{
    private const int MaxStackClasses = 256; // row coefficients on the stack up to this many classes: no allocation per step
    private readonly float[]? _classWeights;

    /// <summary>ε in [0, 1): each target row becomes (1 − ε)t + ε/C (PyTorch's <c>label_smoothing</c>); 0 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">On init: outside [0, 1).</exception>
    public float LabelSmoothing
    {
        get;
        init => field = value is >= 0f and < 1f ? value : throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), value, "LabelSmoothing must be in [0, 1).");
    }

    /// <summary>
    /// One weight per class (PyTorch's <c>weight</c>): a row's loss counts w[its class] times, and the
    /// mean divides by the total weight of the rows' classes. <see langword="null"/> (the default) weighs every class 1.
    /// </summary>
    /// <exception cref="ArgumentException">On init: empty, or a weight that is not finite and ≥ 0.</exception>
    public IReadOnlyList<float>? ClassWeights
    {
        get => _classWeights;
        init
        {
            if (value is not null && (value.Count == 0 || value.Any(w => !(w >= 0f && float.IsFinite(w)))))
            {
                throw new ArgumentException("ClassWeights needs one finite weight ≥ 0 per class.", nameof(ClassWeights));
            }

            _classWeights = value?.ToArray();
        }
    }

    private bool HasOptions => LabelSmoothing != 0f || _classWeights is not null;

    /// <inheritdoc/>
    private protected override float ComputeReduced(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows, int columns)
    {
        if (!HasOptions)
        {
            return base.ComputeReduced(predictions, targets, rows, columns);
        }

        double total = 0;
        Span<double> coefficients = columns <= MaxStackClasses ? stackalloc double[columns] : new double[columns];
        for (int r = 0; r < rows; r++)
        {
            Coefficients(targets.Slice(r * columns, columns), coefficients);
            for (int j = 0; j < columns; j++)
            {
                total -= coefficients[j] * Math.Max(Math.Log(predictions[(r * columns) + j]), -100);
            }
        }

        return (float)(total / Divisor(targets, rows, columns));
    }

    /// <inheritdoc/>
    private protected override void GradientReduced(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns)
    {
        if (!HasOptions)
        {
            base.GradientReduced(predictions, targets, gradient, rows, columns);
            return;
        }

        double divisor = Divisor(targets, rows, columns);
        Span<double> coefficients = columns <= MaxStackClasses ? stackalloc double[columns] : new double[columns];
        for (int r = 0; r < rows; r++)
        {
            Coefficients(targets.Slice(r * columns, columns), coefficients);
            for (int j = 0; j < columns; j++)
            {
                int i = (r * columns) + j;
                gradient[i] = (float)(-coefficients[j] / Math.Max(predictions[i], 1e-12) / divisor);
            }
        }
    }

    private float OptionsFromLogits(Tensor logits, Tensor targets)
    {
        int rows = logits.Rows, columns = logits.Columns;
        Span<double> coefficients = columns <= MaxStackClasses ? stackalloc double[columns] : new double[columns];
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> z = logits.Row(r);
            Coefficients(targets.Row(r), coefficients);
            double max = double.NegativeInfinity;
            foreach (float v in z)
            {
                max = Math.Max(max, v);
            }

            double sumExp = 0, coefficientSum = 0, dot = 0;
            for (int j = 0; j < columns; j++)
            {
                sumExp += Math.Exp(z[j] - max);
                coefficientSum += coefficients[j];
                dot += coefficients[j] * (z[j] - max);
            }

            total += (coefficientSum * Math.Log(sumExp)) - dot;
        }

        return (float)(total / Divisor(targets.AsSpan(), rows, columns));
    }

    private void OptionsLogitGradient(Tensor probabilities, Tensor targets, Tensor gradient)
    {
        int rows = probabilities.Rows, columns = probabilities.Columns;
        double divisor = Divisor(targets.AsSpan(), rows, columns);
        Span<double> coefficients = columns <= MaxStackClasses ? stackalloc double[columns] : new double[columns];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> p = probabilities.Row(r);
            Span<float> g = gradient.Row(r);
            Coefficients(targets.Row(r), coefficients);
            double coefficientSum = 0;
            foreach (double a in coefficients)
            {
                coefficientSum += a;
            }

            for (int j = 0; j < columns; j++)
            {
                g[j] = (float)(((p[j] * coefficientSum) - coefficients[j]) / divisor);
            }
        }
    }

    /// <summary>aⱼ = wⱼ((1 − ε)tⱼ + ε/C) for one target row.</summary>
    private void Coefficients(ReadOnlySpan<float> target, Span<double> coefficients)
    {
        int classes = target.Length;
        if (_classWeights is not null && _classWeights.Length != classes)
        {
            throw new InvalidOperationException($"ClassWeights has {_classWeights.Length} weights but the targets have {classes} classes.");
        }

        double smoothing = LabelSmoothing;
        for (int j = 0; j < classes; j++)
        {
            double weight = _classWeights?[j] ?? 1.0;
            coefficients[j] = weight * (((1 - smoothing) * target[j]) + (smoothing / classes));
        }
    }

    /// <summary>D: 1 for the sum; for the mean Σᵢ Σⱼ wⱼ tᵢⱼ (the row count without weights).</summary>
    private double Divisor(ReadOnlySpan<float> targets, int rows, int columns)
    {
        if (Reduction == LossReduction.Sum)
        {
            return 1;
        }

        if (_classWeights is null)
        {
            return Math.Max(rows, 1);
        }

        double total = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            total += _classWeights[i % columns] * targets[i];
        }

        return total > 0 ? total : 1;
    }
}
