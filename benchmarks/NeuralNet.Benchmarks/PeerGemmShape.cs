using NeuralNet.Kernels;

namespace NeuralNet.Benchmarks;

/// <summary>
/// A GEMM workload compared against OpenBLAS, in the three forms backpropagation uses
/// (A·B, Aᵀ·B, A·Bᵀ). Shared by <see cref="OpenBlasGemmBenchmarks"/> and the <c>--peers</c> harness
/// so that both measure exactly the same products.
/// </summary>
/// <remarks>
/// <para>
/// A square shape is m = n = k = size in every form. A layer shape is the first layer of the
/// 784-256-128-10 MLP, Dense(784→256), at batch B, with the operands <c>Dense</c> uses:
/// A·B is the forward X·W ((B×784)·(784×256)), Aᵀ·B the weight gradient Xᵀ·dY ((784×B)·(B×256),
/// accumulated into dW as Dense does), A·Bᵀ the input gradient dY·Wᵀ ((B×256)·(256×784)).
/// Every form of a shape is the same number of flops, 2·m·n·k.
/// </para>
/// <para>The shape's <see cref="ToString"/> is what BenchmarkDotNet prints in its Shape column.</para>
/// </remarks>
public sealed class PeerGemmShape
{
    private PeerGemmShape(string name, Product ab, Product atb, Product abt)
    {
        Name = name;
        Forms = [ab, atb, abt];
    }

    /// <summary>The form names, in the order of <see cref="Forms"/>.</summary>
    public static IReadOnlyList<string> FormNames { get; } = ["A·B", "Aᵀ·B", "A·Bᵀ"];

    /// <summary>Square 256, 512, 1024, then the MLP's first layer at batch 32, 128, 1024.</summary>
    public static IReadOnlyList<PeerGemmShape> All { get; } =
    [
        Square(256), Square(512), Square(1024),
        Layer(32), Layer(128), Layer(1024),
    ];

    /// <summary>A short label, "square  512" or "layer B= 128": numbers padded so that BenchmarkDotNet's text sort of the column keeps them in order.</summary>
    public string Name { get; }

    /// <summary>A·B, Aᵀ·B and A·Bᵀ, in that order.</summary>
    public IReadOnlyList<Product> Forms { get; }

    /// <summary>The floating-point operations of one product (any form): 2·m·n·k.</summary>
    public double Flops => 2.0 * Forms[0].M * Forms[0].N * Forms[0].K;

    public override string ToString() => Name;

    private static PeerGemmShape Square(int size) => new(
        $"square {size,4}",
        Product.Square(size, transposeA: false, transposeB: false),
        Product.Square(size, transposeA: true, transposeB: false),
        Product.Square(size, transposeA: false, transposeB: true));

    private static PeerGemmShape Layer(int batch) => new(
        $"layer B={batch,4}",
        new Product(batch, 256, 784, TransposeA: false, TransposeB: false, Accumulate: false),
        new Product(784, 256, batch, TransposeA: true, TransposeB: false, Accumulate: true),
        new Product(batch, 784, 256, TransposeA: false, TransposeB: true, Accumulate: false));

    /// <summary>One product C (+)= op(A)·op(B), C m×n, op(A) m×k, op(B) k×n.</summary>
    public readonly record struct Product(int M, int N, int K, bool TransposeA, bool TransposeB, bool Accumulate)
    {
        /// <summary>A square product, m = n = k = <paramref name="size"/>, overwriting C.</summary>
        public static Product Square(int size, bool transposeA, bool transposeB) =>
            new(size, size, size, transposeA, transposeB, Accumulate: false);

        /// <summary>Seeded operands of the right lengths and a zeroed output.</summary>
        public Operands Allocate() => new(
            BenchmarkData.Uniform(M * K, seed: 1),
            BenchmarkData.Uniform(K * N, seed: 2),
            new float[M * N]);

        /// <summary>This product with the library's kernel, through the entry point named for its form.</summary>
        public void RunNeuralNet(Operands x)
        {
            // A is stored m×k (k×m for Aᵀ), B k×n (n×k for Bᵀ).
            GemmMatrix a = TransposeA ? new GemmMatrix(x.A, K, M) : new GemmMatrix(x.A, M, K);
            GemmMatrix b = TransposeB ? new GemmMatrix(x.B, N, K) : new GemmMatrix(x.B, K, N);
            switch ((TransposeA, TransposeB))
            {
                case (false, false):
                    Gemm.Multiply(a, b, x.C, Accumulate);
                    break;
                case (true, false):
                    Gemm.MultiplyTransposeA(a, b, x.C, Accumulate);
                    break;
                case (false, true):
                    Gemm.MultiplyTransposeB(a, b, x.C, Accumulate);
                    break;
                default:
                    Gemm.MultiplyTransposeBoth(a, b, x.C, Accumulate);
                    break;
            }
        }

        /// <summary>This product with OpenBLAS's <c>cblas_sgemm</c>.</summary>
        public void RunOpenBlas(Operands x) =>
            OpenBlas.Multiply(x.A, TransposeA, x.B, TransposeB, x.C, M, N, K, Accumulate);
    }

    /// <summary>The buffers of one product.</summary>
    public sealed record Operands(float[] A, float[] B, float[] C);
}
