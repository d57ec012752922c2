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
internal static class KernelThreadPool
{
    private static readonly Lock s_gate = new();
    private static readonly SemaphoreSlim s_start = new(0);
    private static int s_workerCount;
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
            Volatile.Write(ref s_pending, partCount - 1);
            s_start.Release(partCount - 1);

            work.Execute(0, partCount);
            // Take any part a worker has not claimed yet rather than wait for it to wake.
            int next;
            while ((next = Interlocked.Increment(ref s_nextPart) - 1) < partCount)
            {
                work.Execute(next, partCount);
            }

            var spin = default(SpinWait);
            while (Volatile.Read(ref s_pending) > 0)
            {
                spin.SpinOnce();
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
            thread.Start();
            s_workerCount++;
        }
    }

    private static void WorkerLoop()
    {
        while (true)
        {
            s_start.Wait();
            IParallelWork? work = Volatile.Read(ref s_work);
            int part = Interlocked.Increment(ref s_nextPart) - 1;
            if (work is not null && part < s_partCount)
            {
                work.Execute(part, s_partCount);
            }

            Interlocked.Decrement(ref s_pending);
        }
    }
}
