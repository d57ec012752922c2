using System.Numerics;
using System.Runtime.Intrinsics;

namespace NeuralNet.Kernels;

/// <summary>The micro-kernel a process uses.</summary>
internal enum GemmPath
{
    /// <summary>Plain floats.</summary>
    Scalar,

    /// <summary><see cref="Vector{T}"/>: 256-bit with AVX2, 128-bit with SSE, 512-bit when <c>DOTNET_MaxVectorTBitWidth=512</c>.</summary>
    VectorT,

    /// <summary><see cref="Vector512{T}"/> with AVX-512.</summary>
    Vector512,
}
