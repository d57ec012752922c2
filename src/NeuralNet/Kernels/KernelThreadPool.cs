using System.Diagnostics;

namespace NeuralNet.Kernels;

/// <summary>A piece of kernel work split into numbered parts that may run on different threads.</summary>
internal interface IParallelWork
{
    /// <summary>Runs one part; parts must write disjoint outputs.</summary>
    void Execute(int part, int partCount);
}

/// <summary>
/// A small set of long-lived worker threads for the kernels. Dispatching allocates nothing, so a
/// training step stays allocation-free on any thread count. One dispatch runs at a time; a caller
/// that finds the pool busy (another thread is training) runs its parts inline instead of waiting.
/// </summary>
/// <remarks>
/// A training step issues a product every few hundred microseconds, and waking a blocked thread
/// costs tens of microseconds. So after finishing a part a worker keeps polling for the next
/// dispatch for <see cref="SpinMicroseconds"/> before it blocks — the same trade BLAS and
/// OpenMP runtimes make with their spin-wait policies.
/// </remarks>
internal static class KernelThreadPool
{
    private const int SpinMicroseconds = 200;
    private static readonly Lock s_gate = new();
    private static readonly object s_sleepLock = new();
    private static int s_workerCount;
    private static int s_generation;
    private static int s_sleepers;
    private static IParallelWork? s_work;
    private static int s_partCount;
    private static int s_nextPart;
    private static int s_pending;

    /// <summary>Runs parts 0 … <paramref name="partCount"/>−1 of the work and returns when all are done.</summary>
    public static void Run(IParallelWork work, int partCount)
    {
        if (partCount <= 1 || !s_gate.TryEnter())
        {
            for (int part = 0; part < partCount; part++)
            {
                work.Execute(part, partCount);
            }

            return;
        }

        try
        {
            EnsureWorkers(partCount - 1);
            s_work = work;
            s_partCount = partCount;
            s_nextPart = 1;
            Volatile.Write(ref s_pending, s_workerCount);
            Interlocked.Increment(ref s_generation);
            if (Volatile.Read(ref s_sleepers) > 0)
            {
                lock (s_sleepLock)
                {
                    Monitor.PulseAll(s_sleepLock);
                }
            }

            work.Execute(0, partCount);
            // Take any part a worker has not claimed yet rather than wait for it.
            int next;
            while ((next = Interlocked.Increment(ref s_nextPart) - 1) < partCount)
            {
                work.Execute(next, partCount);
            }

            var spin = default(SpinWait);
            while (Volatile.Read(ref s_pending) > 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
        finally
        {
            s_work = null;
            s_gate.Exit();
        }
    }

    private static void EnsureWorkers(int count)
    {
        while (s_workerCount < count)
        {
            var thread = new Thread(WorkerLoop)
            {
                IsBackground = true,
                Name = $"NeuralNet kernel worker {s_workerCount + 1}",
            };
            s_workerCount++;
            thread.Start(Volatile.Read(ref s_generation));
        }
    }

    private static void WorkerLoop(object? startGeneration)
    {
        int seen = (int)startGeneration!;
        while (true)
        {
            seen = WaitForDispatch(seen);
            IParallelWork? work = Volatile.Read(ref s_work);
            int part = Interlocked.Increment(ref s_nextPart) - 1;
            if (work is not null && part < s_partCount)
            {
                work.Execute(part, s_partCount);
            }

            Interlocked.Decrement(ref s_pending);
        }
    }

    /// <summary>Polls for a new generation for a while, then blocks until one is published.</summary>
    private static int WaitForDispatch(int seen)
    {
        long deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * SpinMicroseconds / 1_000_000);
        while (Volatile.Read(ref s_generation) == seen)
        {
            if (Stopwatch.GetTimestamp() < deadline)
            {
                Thread.SpinWait(20);
                continue;
            }

            lock (s_sleepLock)
            {
                Interlocked.Increment(ref s_sleepers);
                // Re-checked under the lock after announcing ourselves: a dispatcher that saw no
                // sleepers has already published its generation, which this read then sees.
                while (Volatile.Read(ref s_generation) == seen)
                {
                    Monitor.Wait(s_sleepLock);
                }

                Interlocked.Decrement(ref s_sleepers);
            }
        }

        return Volatile.Read(ref s_generation);
    }
}
