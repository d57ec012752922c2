using NeuralNet.Kernels;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Optimizers;

/// <summary>
/// The optimizers whose update runs on a fast kernel keep their rule as a plain loop in their own
/// file; both must give the same bits, for every length the vector loop and its remainder can
/// meet, and for parameters large enough to be split across the kernel threads.
/// </summary>
[Collection(ParallelismSetting.Name)]
public sealed class ReferenceLoopTests
{
    private static readonly Dictionary<string, Func<bool, Optimizer>> WithKernels = new()
    {
        ["Sgd"] = reference => new Sgd(0.05f) { UseReferenceLoops = reference },
        ["Sgd(weightDecay)"] = reference => new Sgd(0.05f, weightDecay: 0.1f) { UseReferenceLoops = reference },
        ["Adam"] = reference => new Adam(1e-2f) { UseReferenceLoops = reference },
        ["Adam(weightDecay)"] = reference => new Adam(1e-2f, weightDecay: 0.01f) { UseReferenceLoops = reference },
        ["AdamW"] = reference => new AdamW(1e-2f, weightDecay: 0.1f) { UseReferenceLoops = reference },
        ["Momentum"] = reference => new Momentum(0.05f, momentum: 0.9f, dampening: 0.1f, weightDecay: 0.01f) { UseReferenceLoops = reference },
        ["Momentum(0)"] = reference => new Momentum(0.05f, momentum: 0f, dampening: 0.5f, weightDecay: 0.01f) { UseReferenceLoops = reference },
        ["Nesterov"] = reference => new Nesterov(0.05f, momentum: 0.8f, weightDecay: 0.01f) { UseReferenceLoops = reference },
        ["Adagrad"] = reference => new Adagrad(0.05f, learningRateDecay: 0.01f, weightDecay: 0.01f) { UseReferenceLoops = reference },
        ["RmsProp"] = reference => new RmsProp(0.01f, weightDecay: 0.01f) { UseReferenceLoops = reference },
        ["RmsProp(momentum)"] = reference => new RmsProp(0.01f, momentum: 0.5f) { UseReferenceLoops = reference },
        ["RmsProp(centered)"] = reference => new RmsProp(0.01f, centered: true) { UseReferenceLoops = reference },
        ["RmsProp(centered, momentum)"] = reference => new RmsProp(0.01f, momentum: 0.9f, centered: true) { UseReferenceLoops = reference },
    };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in WithKernels.Keys)
        {
            foreach (int length in Enumerable.Range(0, 70).Append(255).Append(256).Append(257))
            {
                data.Add(name, length);
            }
        }

        return data;
    }

    public static TheoryData<string, int, int> LargeCases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (string name in WithKernels.Keys)
        {
            foreach (int threads in new[] { 1, 2 })
            {
                data.Add(name, 1 << 15, threads);
                data.Add(name, 235_146, threads);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_ThreeSteps_KernelMatchesReferenceLoopBitForBit(string name, int length)
    {
        AssertSameBits(name, length, steps: 3);
    }

    [Theory]
    [MemberData(nameof(LargeCases))]
    public void Step_LargeParameter_KernelOnAnyThreadCountMatchesReferenceLoopBitForBit(string name, int length, int threads)
    {
        int saved = Parallelism.MaxDegreeOfParallelism;
        try
        {
            Parallelism.MaxDegreeOfParallelism = threads;
            AssertSameBits(name, length, steps: 2);
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = saved;
        }
    }

    private static void AssertSameBits(string name, int length, int steps)
    {
        var random = new Random(length + 1);
        float[] start = [.. Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        Parameter fast = new("fast", new Tensor([.. start], length)), slow = new("slow", new Tensor([.. start], length));
        Optimizer kernel = WithKernels[name](false), reference = WithKernels[name](true);
        for (int step = 0; step < steps; step++)
        {
            for (int i = 0; i < length; i++)
            {
                fast.Gradient[i] = slow.Gradient[i] = (float)(random.NextDouble() - 0.5);
            }

            kernel.Step([fast]);
            reference.Step([slow]);
        }

        Bits(fast).Should().Equal(Bits(slow), "{0}'s kernel must perform the reference loop's operations", name);
    }

    private static int[] Bits(Parameter parameter) => [.. parameter.Value.AsSpan().ToArray().Select(BitConverter.SingleToInt32Bits)];
}
