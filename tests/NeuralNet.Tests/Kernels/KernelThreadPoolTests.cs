using System.Runtime.InteropServices;
using NeuralNet.Kernels;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Kernels;

/// <summary>
/// The kernel workers are bounded by the machine, not by the setting: a setting of 64 on a small
/// machine starts at most <see cref="Environment.ProcessorCount"/> − 1 threads, still runs every
/// part, and lowering the setting ends the threads it no longer needs.
/// </summary>
[Collection(ParallelismSetting.Name)]
public sealed class KernelThreadPoolTests
{
    /// <summary>Counts how often each part ran and on which thread.</summary>
    private sealed class CountingWork(int parts) : IParallelWork
    {
        public int[] Runs { get; } = new int[parts];

        public void Execute(int part, int partCount)
        {
            Interlocked.Increment(ref Runs[part]);
            Thread.SpinWait(2000); // long enough that workers wake and claim parts
        }
    }

    [Fact]
    public void Run_SixtyFourParts_RunsEveryPartOnceOnAtMostCoreCountMinusOneWorkers()
    {
        int original = Parallelism.MaxDegreeOfParallelism;
        try
        {
            Parallelism.MaxDegreeOfParallelism = 64;
            var work = new CountingWork(64);

            KernelThreadPool.Run(work, 64);

            work.Runs.Should().AllSatisfy(count => count.Should().Be(1));
            KernelThreadPool.WorkerCount.Should().BeLessThanOrEqualTo(Environment.ProcessorCount - 1);
            KernelThreadPool.WorkerThreads().Should().HaveCount(KernelThreadPool.WorkerCount);
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = original;
        }
    }

    [Fact]
    public void MaxDegreeOfParallelism_Lowered_RetiresWorkersAndTheirThreadsEnd()
    {
        int original = Parallelism.MaxDegreeOfParallelism;
        try
        {
            Parallelism.MaxDegreeOfParallelism = 64;
            KernelThreadPool.Run(new CountingWork(64), 64);
            Thread[] started = KernelThreadPool.WorkerThreads();
            started.Should().HaveCount(Environment.ProcessorCount - 1, "a 64-part dispatch wakes every worker the machine allows");

            Parallelism.MaxDegreeOfParallelism = 1;

            KernelThreadPool.WorkerCount.Should().Be(0);
            started.Should().AllSatisfy(thread => thread.IsAlive.Should().BeFalse("retired workers end before the setter returns"));

            // The pool starts workers again when parallelism is raised.
            Parallelism.MaxDegreeOfParallelism = 2;
            var work = new CountingWork(8);
            KernelThreadPool.Run(work, 8);
            work.Runs.Should().AllSatisfy(count => count.Should().Be(1));
            KernelThreadPool.WorkerCount.Should().Be(Math.Min(2, Environment.ProcessorCount) - 1);
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = original;
        }
    }

    [Fact]
    public void Multiply_SettingOfSixtyFour_BitIdenticalToOneThread()
    {
        const int m = 128, n = 300, k = 200;
        float[] a = TestData.Uniform(m * k, -1, 1, seed: 1);
        float[] b = TestData.Uniform(k * n, -1, 1, seed: 2);
        int original = Parallelism.MaxDegreeOfParallelism;
        try
        {
            float[] Multiply(int threads)
            {
                Parallelism.MaxDegreeOfParallelism = threads;
                float[] c = new float[m * n];
                Gemm.Multiply(new GemmMatrix(a, m, k), new GemmMatrix(b, k, n), c);
                return c;
            }

            float[] single = Multiply(1);
            float[] wide = Multiply(64);

            MemoryMarshal.Cast<float, int>(wide).ToArray().Should().Equal(MemoryMarshal.Cast<float, int>(single).ToArray());
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = original;
        }
    }
}
