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
/// <para>
/// There are never more workers than <see cref="Environment.ProcessorCount"/> − 1: a dispatch
/// split into more parts than that still runs every part, the caller and the workers claiming
/// them in turn, so a part computes the same values whoever runs it. Lowering
/// <see cref="Parallelism.MaxDegreeOfParallelism"/> retires the workers above the new limit: their
/// threads end before the setter returns.
/// </para>
/// </remarks>
internal static class KernelThreadPool
{
    private const int SpinMicroseconds = 200;
    private static readonly Lock s_gate = new();
    private static readonly object s_sleepLock = new();
    private static readonly List<Thread> s_threads = [];
    private static int s_workerCount;
    private static int s_retireFrom = int.MaxValue;
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
            EnsureWorkers(Math.Min(partCount, Environment.ProcessorCount) - 1);
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

    /// <summary>The number of live worker threads (the calling thread not counted).</summary>
    internal static int WorkerCount => s_workerCount;

    /// <summary>The live worker threads, for tests that check that retired ones end.</summary>
    internal static Thread[] WorkerThreads()
    {
        lock (s_gate)
        {
            return [.. s_threads];
        }
    }

    /// <summary>
    /// Ends the workers beyond <paramref name="keep"/> and waits for their threads to finish. Waits
    /// for a dispatch in progress to end first; called when the parallelism setting is lowered.
    /// </summary>
    internal static void RetireWorkers(int keep)
    {
        keep = Math.Max(keep, 0);
        lock (s_gate)
        {
            if (s_workerCount <= keep)
            {
                return;
            }

            // An empty dispatch that every worker answers: those numbered keep or above leave their loop.
            s_retireFrom = keep;
            s_work = null;
            s_partCount = 0;
            s_nextPart = 0;
            Volatile.Write(ref s_pending, s_workerCount);
            Interlocked.Increment(ref s_generation);
            lock (s_sleepLock)
            {
                Monitor.PulseAll(s_sleepLock);
            }

            var spin = default(SpinWait);
            while (Volatile.Read(ref s_pending) > 0)
            {
                spin.SpinOnce();
            }

            for (int i = s_threads.Count - 1; i >= keep; i--)
            {
                s_threads[i].Join();
                s_threads.RemoveAt(i);
            }

            s_workerCount = keep;
            s_retireFrom = int.MaxValue;
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
            s_threads.Add(thread);
            thread.Start((s_workerCount, Volatile.Read(ref s_generation)));
            s_workerCount++;
        }
    }

    private static void WorkerLoop(object? start)
    {
        (int index, int seen) = ((int, int))start!;
        while (true)
        {
            seen = WaitForDispatch(seen);
            if (index >= Volatile.Read(ref s_retireFrom))
            {
                Interlocked.Decrement(ref s_pending);
                return;
            }

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
