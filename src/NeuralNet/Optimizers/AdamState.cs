using NeuralNet.Kernels;

namespace NeuralNet.Optimizers;

/// <summary>The moment estimates <see cref="Adam"/> and <see cref="AdamW"/> keep for one parameter.</summary>
public sealed class AdamState
{
    internal AdamState(int length, bool amsGrad)
    {
        FirstMoment = new float[length];
        SecondMoment = new float[length];
        MaxSecondMoment = amsGrad ? new float[length] : [];
    }

    internal float[] FirstMoment { get; }

    internal float[] SecondMoment { get; }

    internal float[] MaxSecondMoment { get; }

    /// <summary>
    /// The Adam update shared by Adam and AdamW. Without AMSGrad it runs as one fused SIMD pass
    /// (<see cref="OptimizerKernels.Adam"/>), which matches <see cref="ApplyReference"/> bit for bit.
    /// </summary>
    internal static void Apply(Span<float> value, ReadOnlySpan<float> gradient, AdamState state, int step,
        float learningRate, float beta1, float beta2, float epsilon, float weightDecay, bool amsGrad)
    {
        if (amsGrad)
        {
            ApplyReference(value, gradient, state, step, learningRate, beta1, beta2, epsilon, weightDecay, amsGrad);
            return;
        }

        (float stepSize, float bc2Sqrt) = BiasCorrections(step, learningRate, beta1, beta2);
        OptimizerKernels.Adam(value, gradient, state.FirstMoment, state.SecondMoment, beta1, beta2, epsilon, weightDecay, stepSize, bc2Sqrt);
    }

    /// <summary>The Adam update element by element, written as in the remarks of <see cref="Adam"/>: the specification.</summary>
    internal static void ApplyReference(Span<float> value, ReadOnlySpan<float> gradient, AdamState state, int step,
        float learningRate, float beta1, float beta2, float epsilon, float weightDecay, bool amsGrad)
    {
        (float stepSize, float bc2Sqrt) = BiasCorrections(step, learningRate, beta1, beta2);
        Span<float> m = state.FirstMoment, v = state.SecondMoment, vMax = state.MaxSecondMoment;
        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i] + (weightDecay * value[i]);
            m[i] = (beta1 * m[i]) + ((1f - beta1) * g);
            v[i] = (beta2 * v[i]) + ((1f - beta2) * g * g);
            float second = v[i];
            if (amsGrad)
            {
                vMax[i] = MathF.Max(vMax[i], v[i]);
                second = vMax[i];
            }

            float denominator = (MathF.Sqrt(second) / bc2Sqrt) + epsilon;
            value[i] -= stepSize * m[i] / denominator;
        }
    }

    /// <summary>
    /// η/(1 − β₁ᵗ) and √(1 − β₂ᵗ), computed in double and rounded once: what PyTorch does with its
    /// Python-float scalars.
    /// </summary>
    private static (float StepSize, float Bc2Sqrt) BiasCorrections(int step, float learningRate, float beta1, float beta2)
    {
        double bc1 = 1 - Math.Pow(beta1, step);
        double bc2 = 1 - Math.Pow(beta2, step);
        return ((float)(learningRate / bc1), (float)Math.Sqrt(bc2));
    }
}
