using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralNet.Kernels;

/// <summary>
/// Optimizer updates as single fused passes over a parameter: each reads the value, the gradient
/// and the state once and writes them once. The scalar formulas in the optimizer classes are the
/// specification; these perform the same IEEE operations in the same order per element (no
/// fused multiply-add), so they match them bit for bit, which the tests check.
/// </summary>
internal static unsafe class OptimizerKernels
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
        int threads = Parallelism.MaxDegreeOfParallelism;
        if (threads < 2 || value.Length < ParallelThreshold)
        {
            AdamRange(value, gradient, m, v, beta1, beta2, epsilon, weightDecay, stepSize, bc2Sqrt);
            return;
        }

        fixed (float* pp = value, pg = gradient, pm = m, pv = v)
        {
            ParallelAdam work = t_parallelAdam ??= new ParallelAdam();
            work.Set(pp, pg, pm, pv, value.Length, beta1, beta2, epsilon, weightDecay, stepSize, bc2Sqrt);
            KernelThreadPool.Run(work, Math.Min(threads, value.Length / (ParallelThreshold / 2)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AdamRange(Span<float> value, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v,
        float beta1, float beta2, float epsilon, float weightDecay, float stepSize, float bc2Sqrt)
    {
        float oneMinusBeta1 = 1f - beta1, oneMinusBeta2 = 1f - beta2;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<float>> pv = MemoryMarshal.Cast<float, Vector<float>>(value);
            ReadOnlySpan<Vector<float>> gv = MemoryMarshal.Cast<float, Vector<float>>(gradient);
            Span<Vector<float>> mv = MemoryMarshal.Cast<float, Vector<float>>(m);
            Span<Vector<float>> vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            var b1 = new Vector<float>(beta1);
            var b2 = new Vector<float>(beta2);
            var c1 = new Vector<float>(oneMinusBeta1);
            var c2 = new Vector<float>(oneMinusBeta2);
            var wd = new Vector<float>(weightDecay);
            var eps = new Vector<float>(epsilon);
            var step = new Vector<float>(stepSize);
            var bc2 = new Vector<float>(bc2Sqrt);
            for (int k = 0; k < pv.Length; k++)
            {
                Vector<float> p = pv[k];
                Vector<float> g = gv[k] + (wd * p);
                Vector<float> mk = (b1 * mv[k]) + (c1 * g);
                Vector<float> vk = (b2 * vv[k]) + (c2 * g * g);
                mv[k] = mk;
                vv[k] = vk;
                pv[k] = p - (step * mk / ((Vector.SquareRoot(vk) / bc2) + eps));
            }

            i = pv.Length * Vector<float>.Count;
        }

        for (; i < value.Length; i++)
        {
            float g = gradient[i] + (weightDecay * value[i]);
            m[i] = (beta1 * m[i]) + (oneMinusBeta1 * g);
            v[i] = (beta2 * v[i]) + (oneMinusBeta2 * g * g);
            value[i] -= stepSize * m[i] / ((MathF.Sqrt(v[i]) / bc2Sqrt) + epsilon);
        }
    }

    /// <summary>One Adam update split into contiguous, vector-aligned ranges.</summary>
    private sealed class ParallelAdam : IParallelWork
    {
        private float* _value, _gradient, _m, _v;
        private int _length;
        private float _beta1, _beta2, _epsilon, _weightDecay, _stepSize, _bc2Sqrt;

        public void Set(float* value, float* gradient, float* m, float* v, int length,
            float beta1, float beta2, float epsilon, float weightDecay, float stepSize, float bc2Sqrt)
        {
            _value = value;
            _gradient = gradient;
            _m = m;
            _v = v;
            _length = length;
            (_beta1, _beta2, _epsilon, _weightDecay, _stepSize, _bc2Sqrt) = (beta1, beta2, epsilon, weightDecay, stepSize, bc2Sqrt);
        }

        public void Execute(int part, int partCount)
        {
            // Range boundaries on multiples of 64 keep every range's vector loop aligned the same way.
            int chunk = ((_length / partCount) + 63) & ~63;
            int start = Math.Min(_length, part * chunk);
            int end = part == partCount - 1 ? _length : Math.Min(_length, start + chunk);
            int count = end - start;
            AdamRange(new Span<float>(_value + start, count), new ReadOnlySpan<float>(_gradient + start, count),
                new Span<float>(_m + start, count), new Span<float>(_v + start, count),
                _beta1, _beta2, _epsilon, _weightDecay, _stepSize, _bc2Sqrt);
        }
    }

    /// <summary>Plain SGD: θ −= η (∇ + λθ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sgd(Span<float> value, ReadOnlySpan<float> gradient, float learningRate, float weightDecay)
    {
        ActivationKernels.CheckSameLength(value.Length, gradient.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<float>> pv = MemoryMarshal.Cast<float, Vector<float>>(value);
            ReadOnlySpan<Vector<float>> gv = MemoryMarshal.Cast<float, Vector<float>>(gradient);
            var lr = new Vector<float>(learningRate);
            var wd = new Vector<float>(weightDecay);
            for (int k = 0; k < pv.Length; k++)
            {
                Vector<float> p = pv[k];
                pv[k] = p - (lr * (gv[k] + (wd * p)));
            }

            i = pv.Length * Vector<float>.Count;
        }

        for (; i < value.Length; i++)
        {
            float g = gradient[i] + (weightDecay * value[i]);
            value[i] -= learningRate * g;
        }
    }
}
