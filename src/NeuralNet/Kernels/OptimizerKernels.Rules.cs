using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralNet.Kernels;

/// <summary>
/// The fused passes of Momentum, Nesterov, Adagrad and RMSProp: each optimizer's rule (the plain loop in
/// its own file, the specification) as an update operator run by <see cref="ElementWise"/> on
/// <see cref="Vector{T}"/> lanes and then scalar for the remainder (RMSProp, with up to three state
/// slots and four variants, has its own loop). The same IEEE operations in the same order per element, no fused multiply-add, so the
/// bits are the loop's (the reference-loop tests check it).
/// </summary>
internal static partial class OptimizerKernels
{
    /// <summary>
    /// SGD with momentum (torch's dampened form): g = ∇ + λθ; b = g on the first step, else μb + (1 − τ)g; θ −= ηb.
    /// </summary>
    public static void Momentum(Span<float> value, ReadOnlySpan<float> gradient, Span<float> buffer, float learningRate, float weightDecay,
        float momentum, float keep, bool first, bool vectorized = true) =>
        ElementWise.Update(new MomentumOperator(learningRate, weightDecay, momentum, keep, first), value, gradient, buffer, vectorized);

    /// <summary>Nesterov in torch's form: g = ∇ + λθ; b = g on the first step, else μb + g; θ −= η(g + μb).</summary>
    public static void Nesterov(Span<float> value, ReadOnlySpan<float> gradient, Span<float> buffer, float learningRate, float weightDecay,
        float momentum, bool first, bool vectorized = true) =>
        ElementWise.Update(new NesterovOperator(learningRate, weightDecay, momentum, first), value, gradient, buffer, vectorized);

    /// <summary>Adagrad: g = ∇ + λθ; s += g²; θ −= η′g / (√s + ε), with η′ the decayed rate.</summary>
    public static void Adagrad(Span<float> value, ReadOnlySpan<float> gradient, Span<float> sum, float learningRate, float weightDecay,
        float epsilon, bool vectorized = true) =>
        ElementWise.Update(new AdagradOperator(learningRate, weightDecay, epsilon), value, gradient, sum, vectorized);

    /// <summary>
    /// RMSProp: g = ∇ + λθ; v = αv + (1 − α)g²; centred: m = αm + (1 − α)g and d = √(v − m²) + ε, else
    /// d = √v + ε; with momentum b = μb + g/d and θ −= ηb, else θ −= ηg/d. <paramref name="average"/> is
    /// used only when centred, <paramref name="buffer"/> only with momentum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RmsProp(Span<float> value, ReadOnlySpan<float> gradient, Span<float> square, Span<float> average, Span<float> buffer,
        float learningRate, float weightDecay, float alpha, float epsilon, float momentum, bool centered, bool vectorized = true)
    {
        CheckLengths(value.Length, gradient.Length, square.Length, centered ? average.Length : value.Length);
        CheckLengths(value.Length, value.Length, momentum > 0f ? buffer.Length : value.Length, value.Length);
        int i = 0;
        if (vectorized && Vector.IsHardwareAccelerated)
        {
            Span<Vector<float>> p = MemoryMarshal.Cast<float, Vector<float>>(value), v = MemoryMarshal.Cast<float, Vector<float>>(square);
            Span<Vector<float>> m = MemoryMarshal.Cast<float, Vector<float>>(average), b = MemoryMarshal.Cast<float, Vector<float>>(buffer);
            ReadOnlySpan<Vector<float>> d = MemoryMarshal.Cast<float, Vector<float>>(gradient);
            var eps = new Vector<float>(epsilon);
            float rest = 1f - alpha;
            for (int k = 0; k < p.Length; k++)
            {
                Vector<float> g = d[k] + (weightDecay * p[k]);
                v[k] = (alpha * v[k]) + (rest * g * g);
                Vector<float> denominator;
                if (centered)
                {
                    m[k] = (alpha * m[k]) + (rest * g);
                    denominator = Vector.SquareRoot(v[k] - (m[k] * m[k])) + eps;
                }
                else
                {
                    denominator = Vector.SquareRoot(v[k]) + eps;
                }

                if (momentum > 0f)
                {
                    b[k] = (momentum * b[k]) + (g / denominator);
                    p[k] -= learningRate * b[k];
                }
                else
                {
                    p[k] -= learningRate * g / denominator;
                }
            }

            i = p.Length * Vector<float>.Count;
        }

        for (; i < value.Length; i++)
        {
            float g = gradient[i] + (weightDecay * value[i]);
            square[i] = (alpha * square[i]) + ((1f - alpha) * g * g);
            float denominator;
            if (centered)
            {
                average[i] = (alpha * average[i]) + ((1f - alpha) * g);
                denominator = MathF.Sqrt(square[i] - (average[i] * average[i])) + epsilon;
            }
            else
            {
                denominator = MathF.Sqrt(square[i]) + epsilon;
            }

            if (momentum > 0f)
            {
                buffer[i] = (momentum * buffer[i]) + (g / denominator);
                value[i] -= learningRate * buffer[i];
            }
            else
            {
                value[i] -= learningRate * g / denominator;
            }
        }
    }

    private static void CheckLengths(int value, int gradient, int first, int second)
    {
        ActivationKernels.CheckSameLength(value, gradient);
        ActivationKernels.CheckSameLength(value, first);
        ActivationKernels.CheckSameLength(value, second);
    }

    /// <summary>Momentum's update of one element (see <see cref="Momentum"/>).</summary>
    private readonly struct MomentumOperator(float learningRate, float weightDecay, float momentum, float keep, bool first) : IStateUpdateOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref float value, float gradient, ref float buffer)
        {
            float g = gradient + (weightDecay * value);
            buffer = first ? g : (momentum * buffer) + (keep * g);
            value -= learningRate * buffer;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> value, Vector<float> gradient, ref Vector<float> buffer)
        {
            Vector<float> g = gradient + (weightDecay * value);
            buffer = first ? g : (momentum * buffer) + (keep * g);
            value -= learningRate * buffer;
        }
    }

    /// <summary>Nesterov's update of one element (see <see cref="Nesterov"/>).</summary>
    private readonly struct NesterovOperator(float learningRate, float weightDecay, float momentum, bool first) : IStateUpdateOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref float value, float gradient, ref float buffer)
        {
            float g = gradient + (weightDecay * value);
            buffer = first ? g : (momentum * buffer) + g;
            value -= learningRate * (g + (momentum * buffer));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> value, Vector<float> gradient, ref Vector<float> buffer)
        {
            Vector<float> g = gradient + (weightDecay * value);
            buffer = first ? g : (momentum * buffer) + g;
            value -= learningRate * (g + (momentum * buffer));
        }
    }

    /// <summary>Adagrad's update of one element (see <see cref="Adagrad"/>).</summary>
    private readonly struct AdagradOperator(float learningRate, float weightDecay, float epsilon) : IStateUpdateOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref float value, float gradient, ref float sum)
        {
            float g = gradient + (weightDecay * value);
            sum += g * g;
            value -= learningRate * g / (MathF.Sqrt(sum) + epsilon);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> value, Vector<float> gradient, ref Vector<float> sum)
        {
            Vector<float> g = gradient + (weightDecay * value);
            sum += g * g;
            value -= learningRate * g / (Vector.SquareRoot(sum) + new Vector<float>(epsilon));
        }
    }
}
