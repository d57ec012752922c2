using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralNet.Kernels;

/// <summary>A·Bᵀ with few rows as dot products of rows: both operands are contiguous along k.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>
    /// C[i, j] (+)= ⟨row i of A, row j of B⟩ over rows [i0, i1) and columns [j0, j1), for A·Bᵀ with
    /// both operands stored row-major along k. Tiles of 2 rows × 4 columns keep eight vector
    /// accumulators; every element, in a full tile or at an edge, is computed by the same
    /// sequence — vector multiply-adds over k in order, the vector's lane sum, then the scalar
    /// remainder in order — so any split of C gives the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RowDots(in Job job, int i0, int i1, int j0, int j1)
    {
        int k = job.K;
        int w = job.Path == GemmPath.VectorT ? Vector<float>.Count : 0;
        int vectorEnd = w == 0 ? 0 : k - (k % w);
        int i = i0;
        for (; i + 2 <= i1; i += 2)
        {
            float* a0 = job.A + ((long)i * k), a1 = a0 + k;
            int j = j0;
            for (; j + 4 <= j1; j += 4)
            {
                float* b0 = job.B + ((long)j * k), b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
                Vector<float> s00 = default, s01 = default, s02 = default, s03 = default;
                Vector<float> s10 = default, s11 = default, s12 = default, s13 = default;
                for (int p = 0; p < vectorEnd; p += w)
                {
                    Vector<float> x0 = Unsafe.Read<Vector<float>>(a0 + p), x1 = Unsafe.Read<Vector<float>>(a1 + p);
                    Vector<float> y = Unsafe.Read<Vector<float>>(b0 + p);
                    s00 = Vector.MultiplyAddEstimate(x0, y, s00);
                    s10 = Vector.MultiplyAddEstimate(x1, y, s10);
                    y = Unsafe.Read<Vector<float>>(b1 + p);
                    s01 = Vector.MultiplyAddEstimate(x0, y, s01);
                    s11 = Vector.MultiplyAddEstimate(x1, y, s11);
                    y = Unsafe.Read<Vector<float>>(b2 + p);
                    s02 = Vector.MultiplyAddEstimate(x0, y, s02);
                    s12 = Vector.MultiplyAddEstimate(x1, y, s12);
                    y = Unsafe.Read<Vector<float>>(b3 + p);
                    s03 = Vector.MultiplyAddEstimate(x0, y, s03);
                    s13 = Vector.MultiplyAddEstimate(x1, y, s13);
                }

                float* c0 = job.C + ((long)i * job.N) + j, c1 = c0 + job.N;
                StoreDot(c0, job.Accumulate, s00, a0, b0, vectorEnd, k);
                StoreDot(c0 + 1, job.Accumulate, s01, a0, b1, vectorEnd, k);
                StoreDot(c0 + 2, job.Accumulate, s02, a0, b2, vectorEnd, k);
                StoreDot(c0 + 3, job.Accumulate, s03, a0, b3, vectorEnd, k);
                StoreDot(c1, job.Accumulate, s10, a1, b0, vectorEnd, k);
                StoreDot(c1 + 1, job.Accumulate, s11, a1, b1, vectorEnd, k);
                StoreDot(c1 + 2, job.Accumulate, s12, a1, b2, vectorEnd, k);
                StoreDot(c1 + 3, job.Accumulate, s13, a1, b3, vectorEnd, k);
            }

            for (; j < j1; j++)
            {
                float* b = job.B + ((long)j * k);
                DotOne(in job, a0, b, job.C + ((long)i * job.N) + j, w, vectorEnd);
                DotOne(in job, a1, b, job.C + ((long)(i + 1) * job.N) + j, w, vectorEnd);
            }
        }

        for (; i < i1; i++)
        {
            float* a = job.A + ((long)i * k);
            for (int j = j0; j < j1; j++)
            {
                DotOne(in job, a, job.B + ((long)j * k), job.C + ((long)i * job.N) + j, w, vectorEnd);
            }
        }
    }

    /// <summary>One element of <see cref="RowDots"/> on its own (edges), by the same sequence as a tile's.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void DotOne(in Job job, float* a, float* b, float* c, int w, int vectorEnd)
    {
        Vector<float> sum = default;
        for (int p = 0; p < vectorEnd; p += w)
        {
            sum = Vector.MultiplyAddEstimate(Unsafe.Read<Vector<float>>(a + p), Unsafe.Read<Vector<float>>(b + p), sum);
        }

        StoreDot(c, job.Accumulate, sum, a, b, vectorEnd, job.K);
    }

    /// <summary>Finishes one dot product — lane sum, then the scalar remainder in order — and writes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreDot(float* c, bool add, Vector<float> lanes, float* a, float* b, int vectorEnd, int k)
    {
        float sum = Vector.Sum(lanes);
        for (int p = vectorEnd; p < k; p++)
        {
            sum = MathF.FusedMultiplyAdd(a[p], b[p], sum);
        }

        *c = add ? *c + sum : sum;
    }
}
