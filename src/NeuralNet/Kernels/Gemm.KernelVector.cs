using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralNet.Kernels;

/// <summary>The micro-kernel on <see cref="Vector{T}"/>.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>6×(2·width) tile on <see cref="Vector{T}"/>: AVX2 (8 lanes), SSE (4 lanes), or 16 lanes with <c>DOTNET_MaxVectorTBitWidth=512</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void KernelVector(float* a, float* b, int ldb, int kc, float* c, int ldc, int mr, int nr, bool add, float* bias, bool relu, float* scratch)
    {
        int w = Vector<float>.Count;
        PrefetchTile(c, ldc, 2 * w);
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        // One depth per trip, written out: two B vectors, six broadcasts of A, twelve multiply-adds
        // into accumulators that are locals (registers). No helper is called in the loop, so no
        // inlining decision can turn a depth step into a call. The multiply-adds into each
        // accumulator go in depth order: the bits are those of the plain loop.
        for (int p = 0; p < kc; p++)
        {
            Vector<float> b0 = Unsafe.Read<Vector<float>>(b);
            Vector<float> b1 = Unsafe.Read<Vector<float>>(b + w);
            var ai = new Vector<float>(a[0]);
            c00 = Vector.MultiplyAddEstimate(ai, b0, c00);
            c01 = Vector.MultiplyAddEstimate(ai, b1, c01);
            ai = new Vector<float>(a[1]);
            c10 = Vector.MultiplyAddEstimate(ai, b0, c10);
            c11 = Vector.MultiplyAddEstimate(ai, b1, c11);
            ai = new Vector<float>(a[2]);
            c20 = Vector.MultiplyAddEstimate(ai, b0, c20);
            c21 = Vector.MultiplyAddEstimate(ai, b1, c21);
            ai = new Vector<float>(a[3]);
            c30 = Vector.MultiplyAddEstimate(ai, b0, c30);
            c31 = Vector.MultiplyAddEstimate(ai, b1, c31);
            ai = new Vector<float>(a[4]);
            c40 = Vector.MultiplyAddEstimate(ai, b0, c40);
            c41 = Vector.MultiplyAddEstimate(ai, b1, c41);
            ai = new Vector<float>(a[5]);
            c50 = Vector.MultiplyAddEstimate(ai, b0, c50);
            c51 = Vector.MultiplyAddEstimate(ai, b1, c51);
            a += Mr;
            b += ldb;
        }

        int width = 2 * w;
        float* tile = scratch;
        bool full = mr == Mr && nr == width;
        float* dst = full ? c : tile;
        int ld = full ? ldc : width;
        bool addHere = full && add;
        float* biasHere = full ? bias : null;
        bool reluHere = full && relu;
        StoreVector(dst, w, addHere, c00, c01, biasHere, reluHere);
        StoreVector(dst + ld, w, addHere, c10, c11, biasHere, reluHere);
        StoreVector(dst + (2 * ld), w, addHere, c20, c21, biasHere, reluHere);
        StoreVector(dst + (3 * ld), w, addHere, c30, c31, biasHere, reluHere);
        StoreVector(dst + (4 * ld), w, addHere, c40, c41, biasHere, reluHere);
        StoreVector(dst + (5 * ld), w, addHere, c50, c51, biasHere, reluHere);
        if (!full)
        {
            CopyTile(tile, width, c, ldc, mr, nr, add, bias, relu);
        }
    }

    /// <summary>Finishes one row of the tile — + the old C, + the bias, the ReLU — and stores it. After the loop, so inlining it or not is only a few instructions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreVector(float* row, int w, bool add, Vector<float> v0, Vector<float> v1, float* bias, bool relu)
    {
        if (add)
        {
            v0 += Unsafe.Read<Vector<float>>(row);
            v1 += Unsafe.Read<Vector<float>>(row + w);
        }

        if (bias != null)
        {
            v0 += Unsafe.Read<Vector<float>>(bias);
            v1 += Unsafe.Read<Vector<float>>(bias + w);
        }

        if (relu)
        {
            v0 = Vector.Max(v0, Vector<float>.Zero);
            v1 = Vector.Max(v1, Vector<float>.Zero);
        }

        Unsafe.Write(row, v0);
        Unsafe.Write(row + w, v1);
    }
}
