using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NeuralNet.Kernels;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The element-wise activation kernels against their counterparts in
/// <see cref="TensorPrimitives"/> (the baseline of each category) on 1 M floats, and the row-wise
/// softmax kernel on a 1024×10 batch (the output layer of a 10-class classifier) against
/// <see cref="TensorPrimitives.SoftMax(ReadOnlySpan{float}, Span{float})"/> applied row by row.
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
}
