using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Training;

/// <summary>Gradient clipping between the backward pass and the optimizer step.</summary>
public sealed partial class Trainer
{
    /// <summary>
    /// Clips the gradients by their global norm before each step, as PyTorch's
    /// <c>clip_grad_norm_(parameters, max_norm)</c>: with n = √(Σₚ ‖∇p‖²) over every parameter,
    /// each gradient is multiplied by min(1, max_norm / (n + 10⁻⁶)). <see langword="null"/> (the
    /// default) does not clip. The mean of n over an epoch's steps (before clipping) goes into
    /// <see cref="EpochMetrics.GradientNorm"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and &gt; 0.</exception>
    public float? ClipGradientNorm
    {
        get;
        init => field = value is float v && !(v > 0f && float.IsFinite(v))
            ? throw new ArgumentOutOfRangeException(nameof(ClipGradientNorm), value, "ClipGradientNorm must be finite and greater than 0 (or null for no clipping).")
            : value;
    }

    /// <summary>
    /// Clamps every gradient element to [−v, v] before each step, as PyTorch's
    /// <c>clip_grad_value_(parameters, v)</c> (applied before <see cref="ClipGradientNorm"/> when both
    /// are set). <see langword="null"/> (the default) does not clamp.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and &gt; 0.</exception>
    public float? ClipGradientValue
    {
        get;
        init => field = value is float v && !(v > 0f && float.IsFinite(v))
            ? throw new ArgumentOutOfRangeException(nameof(ClipGradientValue), value, "ClipGradientValue must be finite and greater than 0 (or null for no clipping).")
            : value;
    }

    /// <summary>Clips the model's gradients as configured; returns the global norm before norm clipping (0 when not clipping by norm).</summary>
    private float ClipGradients()
    {
        IReadOnlyList<Parameter> parameters = Model.Parameters;
        if (ClipGradientValue is float limit)
        {
            foreach (Parameter parameter in parameters)
            {
                Span<float> gradient = parameter.Gradient.AsSpan();
                for (int i = 0; i < gradient.Length; i++)
                {
                    gradient[i] = Math.Clamp(gradient[i], -limit, limit);
                }
            }
        }

        if (ClipGradientNorm is not float maxNorm)
        {
            return 0f;
        }

        // As torch: the norm of the per-parameter norms, in float32.
        float sumOfSquares = 0f;
        foreach (Parameter parameter in parameters)
        {
            float norm = MathF.Sqrt(VectorMath.Dot(parameter.Gradient.AsSpan(), parameter.Gradient.AsSpan()));
            sumOfSquares += norm * norm;
        }

        float total = MathF.Sqrt(sumOfSquares);
        float coefficient = maxNorm / (total + 1e-6f);
        if (coefficient < 1f)
        {
            foreach (Parameter parameter in parameters)
            {
                VectorMath.Scale(parameter.Gradient.AsSpan(), coefficient);
            }
        }

        return total;
    }
}
