using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NeuralNet.Kernels;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The element-wise activation kernels against their counterparts in
/// <see cref="TensorPrimitives"/> (the baseline of each category) on 1 M floats, and the row-wise
/// softmax kernel on a 1024×10 batch (the output layer of a 10-class classifier) against
/// <see cref="TensorPrimitives.SoftMax(ReadOnlySpan{float}, Span{float})"/> applied row by row. The
/// backward activations and the optimizer passes (SGD, and Adam split across the kernel threads)
/// have no counterpart there; they are measured on the same 1 M floats to compare one version of
/// the kernels with another.
/// </summary>
/// <remarks>
/// A ratio above 1 means our kernel is slower than the runtime's. These kernels are memory-bound
/// at 1 M floats (8 MB in and out), so both sides should sit close to memory bandwidth.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ElementWiseBenchmarks
{
    private const int Length = 1 << 20;
    private const int SoftmaxRows = 1024;
    private const int SoftmaxColumns = 10;

    private float[] _x = [];
    private float[] _y = [];
    private float[] _output = [];
    private float[] _dy = [];
    private float[] _dx = [];
    private float[] _value = [];
    private float[] _m = [];
    private float[] _v = [];
    private float[] _logits = [];
    private float[] _probabilities = [];

    [GlobalSetup]
    public void Setup()
    {
        // Spread over [−8, 8) so that sigmoid and tanh see both their linear and saturated ranges.
        _x = BenchmarkData.Uniform(Length, seed: 1);
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] *= 8f;
        }

        _y = new float[Length];
        _output = new float[Length];
        ActivationKernels.Sigmoid(_x, _output);
        _dy = BenchmarkData.Uniform(Length, seed: 3);
        _dx = new float[Length];
        _value = BenchmarkData.Uniform(Length, seed: 4);
        _m = new float[Length];
        _v = new float[Length];
        _logits = BenchmarkData.Uniform(SoftmaxRows * SoftmaxColumns, seed: 2);
        _probabilities = new float[SoftmaxRows * SoftmaxColumns];
    }

    [Benchmark(Baseline = true, Description = "TensorPrimitives.Sigmoid")]
    [BenchmarkCategory("Sigmoid")]
    public void SigmoidTensorPrimitives() => TensorPrimitives.Sigmoid(_x, _y);

    [Benchmark(Description = "ActivationKernels.Sigmoid")]
    [BenchmarkCategory("Sigmoid")]
    public void SigmoidKernel() => ActivationKernels.Sigmoid(_x, _y);

    [Benchmark(Baseline = true, Description = "TensorPrimitives.Tanh")]
    [BenchmarkCategory("Tanh")]
    public void TanhTensorPrimitives() => TensorPrimitives.Tanh(_x, _y);

    [Benchmark(Description = "ActivationKernels.Tanh")]
    [BenchmarkCategory("Tanh")]
    public void TanhKernel() => ActivationKernels.Tanh(_x, _y);

    [Benchmark(Baseline = true, Description = "TensorPrimitives.Max(x, 0)")]
    [BenchmarkCategory("ReLU")]
    public void ReluTensorPrimitives() => TensorPrimitives.Max(_x, 0f, _y);

    [Benchmark(Description = "ActivationKernels.Relu")]
    [BenchmarkCategory("ReLU")]
    public void ReluKernel() => ActivationKernels.Relu(_x, _y);

    [Benchmark(Baseline = true, Description = "TensorPrimitives.SoftMax per row")]
    [BenchmarkCategory("Softmax 1024×10")]
    public void SoftmaxTensorPrimitives()
    {
        for (int r = 0; r < SoftmaxRows; r++)
        {
            int offset = r * SoftmaxColumns;
            TensorPrimitives.SoftMax(
                _logits.AsSpan(offset, SoftmaxColumns), _probabilities.AsSpan(offset, SoftmaxColumns));
        }
    }

    [Benchmark(Description = "SoftmaxKernel.Forward")]
    [BenchmarkCategory("Softmax 1024×10")]
    public void SoftmaxKernelForward() =>
        SoftmaxKernel.Forward(_logits, _probabilities, SoftmaxRows, SoftmaxColumns);

    [Benchmark(Description = "ActivationKernels.SigmoidBackward")]
    [BenchmarkCategory("Backward")]
    public void SigmoidBackwardKernel() => ActivationKernels.SigmoidBackward(_output, _dy, _dx);

    [Benchmark(Description = "ActivationKernels.TanhBackward")]
    [BenchmarkCategory("Backward")]
    public void TanhBackwardKernel() => ActivationKernels.TanhBackward(_output, _dy, _dx);

    [Benchmark(Description = "ActivationKernels.ReluBackward")]
    [BenchmarkCategory("Backward")]
    public void ReluBackwardKernel() => ActivationKernels.ReluBackward(_output, _dy, _dx);

    // The updates write their parameter and state in place; the tiny gradient keeps the values bounded over millions of calls.
    [Benchmark(Description = "OptimizerKernels.Sgd")]
    [BenchmarkCategory("Optimizer")]
    public void SgdKernel() => OptimizerKernels.Sgd(_value, _dy, 1e-9f, 0f);

    [Benchmark(Description = "OptimizerKernels.Adam")]
    [BenchmarkCategory("Optimizer")]
    public void AdamKernel() => OptimizerKernels.Adam(_value, _dy, _m, _v, 0.9f, 0.999f, 1e-8f, 0f, 1e-9f, 1f);
}
