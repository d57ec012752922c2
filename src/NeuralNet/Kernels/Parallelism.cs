namespace NeuralNet.Kernels;

/// <summary>
/// How many threads the kernels may use. Only the kernels run work in parallel, and they split it
/// so that every output element is computed by the same sequence of operations whatever this
/// setting is: results are bit-identical for any thread count.
/// </summary>
public static class Parallelism
{
    private static int s_maxDegree = Environment.ProcessorCount;

    /// <summary>
    /// The largest number of threads a kernel uses, including the calling thread; 1 makes every
    /// kernel run on the calling thread alone. Defaults to <see cref="Environment.ProcessorCount"/>.
    /// A larger value splits work into more parts but starts no more than
    /// <see cref="Environment.ProcessorCount"/> − 1 worker threads; lowering the value ends the
    /// workers it no longer needs (waiting for a kernel running on another thread to finish).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxDegreeOfParallelism
    {
        get => Volatile.Read(ref s_maxDegree);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref s_maxDegree, value);
            KernelThreadPool.RetireWorkers(Math.Min(value, Environment.ProcessorCount) - 1);
        }
    }
}
