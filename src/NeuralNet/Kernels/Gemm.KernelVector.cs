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
        // Each depth step is written out in the loop: two B vectors, six broadcasts of A, twelve
        // multiply-adds into accumulators that are locals (registers). No helper is called in the
        // loop, so no inlining decision can turn a step into a call. A packed sliver (stride NR)
        // goes four depths per trip, at constant offsets (measured ~3 % faster on the training
        // step than one depth per trip); then the remainder, and B read in place, one depth at a
        // time. B read in place is not unrolled: four loads each striding four rows of B (4 KB for
        // a 256-wide layer) leave a new page at every step, where the hardware's stride prefetcher
        // stops; one load striding one row keeps it working (measured 3× slower unrolled,
        // batch-32 forward). The multiply-adds into each accumulator stay in depth order, so the
        // bits are those of the plain loop.
        Vector<float> b0, b1, ai;
        int p = 0;
        if (ldb == 2 * w)
        {
            for (; p + 4 <= kc; p += 4)
            {
                b0 = Unsafe.Read<Vector<float>>(b);
                b1 = Unsafe.Read<Vector<float>>(b + w);
                ai = new Vector<float>(a[0]);
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

                // depth p + 1
                b0 = Unsafe.Read<Vector<float>>(b + (2 * w));
                b1 = Unsafe.Read<Vector<float>>(b + (3 * w));
                ai = new Vector<float>(a[6]);
                c00 = Vector.MultiplyAddEstimate(ai, b0, c00);
                c01 = Vector.MultiplyAddEstimate(ai, b1, c01);
                ai = new Vector<float>(a[7]);
                c10 = Vector.MultiplyAddEstimate(ai, b0, c10);
                c11 = Vector.MultiplyAddEstimate(ai, b1, c11);
                ai = new Vector<float>(a[8]);
                c20 = Vector.MultiplyAddEstimate(ai, b0, c20);
                c21 = Vector.MultiplyAddEstimate(ai, b1, c21);
                ai = new Vector<float>(a[9]);
                c30 = Vector.MultiplyAddEstimate(ai, b0, c30);
                c31 = Vector.MultiplyAddEstimate(ai, b1, c31);
                ai = new Vector<float>(a[10]);
                c40 = Vector.MultiplyAddEstimate(ai, b0, c40);
                c41 = Vector.MultiplyAddEstimate(ai, b1, c41);
                ai = new Vector<float>(a[11]);
                c50 = Vector.MultiplyAddEstimate(ai, b0, c50);
                c51 = Vector.MultiplyAddEstimate(ai, b1, c51);

                // depth p + 2
                b0 = Unsafe.Read<Vector<float>>(b + (4 * w));
                b1 = Unsafe.Read<Vector<float>>(b + (5 * w));
                ai = new Vector<float>(a[12]);
                c00 = Vector.MultiplyAddEstimate(ai, b0, c00);
                c01 = Vector.MultiplyAddEstimate(ai, b1, c01);
                ai = new Vector<float>(a[13]);
                c10 = Vector.MultiplyAddEstimate(ai, b0, c10);
                c11 = Vector.MultiplyAddEstimate(ai, b1, c11);
                ai = new Vector<float>(a[14]);
                c20 = Vector.MultiplyAddEstimate(ai, b0, c20);
                c21 = Vector.MultiplyAddEstimate(ai, b1, c21);
                ai = new Vector<float>(a[15]);
                c30 = Vector.MultiplyAddEstimate(ai, b0, c30);
                c31 = Vector.MultiplyAddEstimate(ai, b1, c31);
                ai = new Vector<float>(a[16]);
                c40 = Vector.MultiplyAddEstimate(ai, b0, c40);
                c41 = Vector.MultiplyAddEstimate(ai, b1, c41);
                ai = new Vector<float>(a[17]);
                c50 = Vector.MultiplyAddEstimate(ai, b0, c50);
                c51 = Vector.MultiplyAddEstimate(ai, b1, c51);

                // depth p + 3
                b0 = Unsafe.Read<Vector<float>>(b + (6 * w));
                b1 = Unsafe.Read<Vector<float>>(b + (7 * w));
                ai = new Vector<float>(a[18]);
                c00 = Vector.MultiplyAddEstimate(ai, b0, c00);
                c01 = Vector.MultiplyAddEstimate(ai, b1, c01);
                ai = new Vector<float>(a[19]);
                c10 = Vector.MultiplyAddEstimate(ai, b0, c10);
                c11 = Vector.MultiplyAddEstimate(ai, b1, c11);
                ai = new Vector<float>(a[20]);
                c20 = Vector.MultiplyAddEstimate(ai, b0, c20);
                c21 = Vector.MultiplyAddEstimate(ai, b1, c21);
                ai = new Vector<float>(a[21]);
                c30 = Vector.MultiplyAddEstimate(ai, b0, c30);
                c31 = Vector.MultiplyAddEstimate(ai, b1, c31);
                ai = new Vector<float>(a[22]);
                c40 = Vector.MultiplyAddEstimate(ai, b0, c40);
                c41 = Vector.MultiplyAddEstimate(ai, b1, c41);
                ai = new Vector<float>(a[23]);
                c50 = Vector.MultiplyAddEstimate(ai, b0, c50);
                c51 = Vector.MultiplyAddEstimate(ai, b1, c51);
                a += 4 * Mr;
                b += 8 * w;
            }
        }

        for (; p < kc; p++)
        {
            b0 = Unsafe.Read<Vector<float>>(b);
            b1 = Unsafe.Read<Vector<float>>(b + w);
            ai = new Vector<float>(a[0]);
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
