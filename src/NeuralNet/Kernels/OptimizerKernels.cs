using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Kernels;

/// <summary>
/// Optimizer updates as single fused passes over a parameter: each reads the value, the gradient
/// and the state once and writes them once. The scalar formulas in the optimizer classes are the
/// specification; the operators below perform the same IEEE operations in the same order per element
/// in both their scalar and vector forms (no fused multiply-add), so they match them bit for bit,
/// which the tests check.
/// </summary>
internal static unsafe partial class OptimizerKernels
{
    /// <summary>Parameters with fewer elements than this are updated on the calling thread alone.</summary>
    private const int ParallelThreshold = 1 << 15;

    [ThreadStatic] private static ParallelAdam? t_parallelAdam;

    /// <summary>
    /// Adam without AMSGrad: g = ∇ + λθ; m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²;
    /// θ −= stepSize · m / (√v / bc2Sqrt + ε). Large parameters are split into contiguous ranges
    /// across the kernel threads; each element's arithmetic is the same on any thread count.
    /// </summary>
    public static void Adam(Span<float> value, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v,
        float beta1, float beta2, float epsilon, float weightDecay, float stepSize, float bc2Sqrt)
    {
        ActivationKernels.CheckSameLength(value.Length, gradient.Length);
        ActivationKernels.CheckSameLength(value.Length, m.Length);
        ActivationKernels.CheckSameLength(value.Length, v.Length);
        var adam = new AdamOperator(beta1, beta2, epsilon, weightDecay, stepSize, bc2Sqrt);
        int threads = Parallelism.MaxDegreeOfParallelism;
        if (threads < 2 || value.Length < ParallelThreshold)
        {
            UpdateAdam(adam, value, gradient, m, v);
            return;
        }

        fixed (float* pp = value, pg = gradient, pm = m, pv = v)
        {
            ParallelAdam work = t_parallelAdam ??= new ParallelAdam();
            work.Set(adam, pp, pg, pm, pv, value.Length);
            KernelThreadPool.Run(work, Math.Min(threads, value.Length / (ParallelThreshold / 2)));
        }
    }

    /// <summary>
    /// One Adam pass over a range: 512-bit lanes where the hardware has them (Adam's cost is its square
    /// root and two divisions per element, which a 512-bit unit does 16 at a time), else <see cref="Vector{T}"/>.
    /// </summary>
    internal static void UpdateAdam(AdamOperator adam, Span<float> value, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, bool wide = true) =>
        ElementWise.UpdateWide(adam, value, gradient, m, v, wide);

    /// <summary>Plain SGD: θ −= η (∇ + λθ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sgd(Span<float> value, ReadOnlySpan<float> gradient, float learningRate, float weightDecay) =>
        ElementWise.Map(new SgdOperator(learningRate, weightDecay), value, gradient, value);

    /// <summary>SGD's new value from (θ, ∇): θ − η (∇ + λθ).</summary>
    internal readonly struct SgdOperator(float learningRate, float weightDecay) : IStatefulBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Invoke(float value, float gradient) => value - (learningRate * (gradient + (weightDecay * value)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Invoke(Vector<float> value, Vector<float> gradient) => value - (learningRate * (gradient + (weightDecay * value)));
    }

    /// <summary>
    /// Adam's update of one element, with the bias corrections folded into stepSize = η/(1 − β₁ᵗ)
    /// and bc2Sqrt = √(1 − β₂ᵗ) by the caller.
    /// </summary>
    internal readonly struct AdamOperator : IWideUpdateOperator
    {
        private readonly float _beta1, _beta2, _oneMinusBeta1, _oneMinusBeta2, _epsilon, _weightDecay, _stepSize, _bc2Sqrt;

        public AdamOperator(float beta1, float beta2, float epsilon, float weightDecay, float stepSize, float bc2Sqrt)
        {
            (_beta1, _beta2, _epsilon, _weightDecay, _stepSize, _bc2Sqrt) = (beta1, beta2, epsilon, weightDecay, stepSize, bc2Sqrt);
            _oneMinusBeta1 = 1f - beta1;
            _oneMinusBeta2 = 1f - beta2;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref float value, float gradient, ref float m, ref float v)
        {
            float p = value;
            float g = gradient + (_weightDecay * p);
            float mt = (_beta1 * m) + (_oneMinusBeta1 * g);
            float vt = (_beta2 * v) + (_oneMinusBeta2 * g * g);
            m = mt;
            v = vt;
            value = p - (_stepSize * mt / ((MathF.Sqrt(vt) / _bc2Sqrt) + _epsilon));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> value, Vector<float> gradient, ref Vector<float> m, ref Vector<float> v)
        {
            Vector<float> p = value;
            Vector<float> g = gradient + (_weightDecay * p);
            Vector<float> mt = (_beta1 * m) + (_oneMinusBeta1 * g);
            Vector<float> vt = (_beta2 * v) + (_oneMinusBeta2 * g * g);
            m = mt;
            v = vt;
            value = p - (_stepSize * mt / ((Vector.SquareRoot(vt) / _bc2Sqrt) + new Vector<float>(_epsilon)));
        }

        /// <summary>The same update on 16 lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector512<float> value, Vector512<float> gradient, ref Vector512<float> m, ref Vector512<float> v)
        {
            Vector512<float> p = value;
            Vector512<float> g = gradient + (_weightDecay * p);
            Vector512<float> mt = (_beta1 * m) + (_oneMinusBeta1 * g);
            Vector512<float> vt = (_beta2 * v) + (_oneMinusBeta2 * g * g);
            m = mt;
            v = vt;
            value = p - (_stepSize * mt / ((Vector512.Sqrt(vt) / _bc2Sqrt) + Vector512.Create(_epsilon)));
        }
    }

    /// <summary>One Adam update split into contiguous, vector-aligned ranges.</summary>
    private sealed class ParallelAdam : IParallelWork
    {
        private AdamOperator _adam;
        private float* _value, _gradient, _m, _v;
        private int _length;

        public void Set(AdamOperator adam, float* value, float* gradient, float* m, float* v, int length)
        {
            _adam = adam;
            _value = value;
            _gradient = gradient;
            _m = m;
            _v = v;
            _length = length;
        }

        public void Execute(int part, int partCount)
        {
            // Range boundaries on multiples of 64 keep every range's vector loop aligned the same way.
            int chunk = ((_length / partCount) + 63) & ~63;
            int start = Math.Min(_length, part * chunk);
            int end = part == partCount - 1 ? _length : Math.Min(_length, start + chunk);
            int count = end - start;
            UpdateAdam(_adam, new Span<float>(_value + start, count), new ReadOnlySpan<float>(_gradient + start, count),
                new Span<float>(_m + start, count), new Span<float>(_v + start, count));
        }
    }
}
