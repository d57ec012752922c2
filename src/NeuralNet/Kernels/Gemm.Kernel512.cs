using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Kernels;

/// <summary>The micro-kernel on <see cref="Vector512{T}"/>.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>6×32 tile on 512-bit vectors: 12 accumulators, two B loads and six broadcasts per step of k.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(float* a, float* b, int ldb, int kc, float* c, int ldc, int mr, int nr, bool add, float* bias, bool relu, float* scratch)
    {
        PrefetchTile(c, ldc, 32);
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> ai = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(ai, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(ai, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(ai, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(ai, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(ai, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(ai, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(ai, b1, c51);
            a += Mr;
            b += ldb;
        }

        // Edge tiles go through the caller's scratch tile: no stackalloc here, which would keep
        // the JIT from holding the accumulators in registers across the loop.
        float* tile = scratch;
        bool full = mr == Mr && nr == 32;
        float* dst = full ? c : tile;
        int ld = full ? ldc : 32;
        bool addHere = full && add;
        // Edge tiles take the bias and ReLU in CopyTile, after adding C.
        float* biasHere = full ? bias : null;
        bool reluHere = full && relu;
        Store512(dst, addHere, c00, c01, biasHere, reluHere);
        Store512(dst + ld, addHere, c10, c11, biasHere, reluHere);
        Store512(dst + (2 * ld), addHere, c20, c21, biasHere, reluHere);
        Store512(dst + (3 * ld), addHere, c30, c31, biasHere, reluHere);
        Store512(dst + (4 * ld), addHere, c40, c41, biasHere, reluHere);
        Store512(dst + (5 * ld), addHere, c50, c51, biasHere, reluHere);
        if (!full)
        {
            CopyTile(tile, 32, c, ldc, mr, nr, add, bias, relu);
        }
    }

    /// <summary>Finishes one row of the tile — + the old C, + the bias, the ReLU — and stores it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* row, bool add, Vector512<float> v0, Vector512<float> v1, float* bias, bool relu)
    {
        if (add)
        {
            v0 += Vector512.Load(row);
            v1 += Vector512.Load(row + 16);
        }

        if (bias != null)
        {
            v0 += Vector512.Load(bias);
            v1 += Vector512.Load(bias + 16);
        }

        if (relu)
        {
            v0 = Vector512.Max(v0, Vector512<float>.Zero);
            v1 = Vector512.Max(v1, Vector512<float>.Zero);
        }

        v0.Store(row);
        v1.Store(row + 16);
    }
}
