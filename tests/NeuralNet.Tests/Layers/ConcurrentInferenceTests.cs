using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;
using NeuralNet.Training;
using Xunit.Abstractions;

namespace NeuralNet.Tests.Layers;

/// <summary>
/// One trained model serving several threads at once, a web server's case: every concurrent result
/// must equal, bit for bit, the one the same call gives on one thread, and no call may throw.
/// </summary>
public sealed class ConcurrentInferenceTests(ITestOutputHelper output)
{
    private const int Threads = 4;
    private const int CallsPerThread = 150;

    // Batch sizes from one row to past two 1024-row chunks, so calls of different shapes overlap.
    private static readonly int[] BatchRows = [1, 3, 32, 257, 1025, 2500];

    [Fact]
    public void Predict_FromFourThreadsAtOnce_EqualsSingleThreadBitForBit()
    {
        Sequential model = Model();
        Tensor[] inputs = [.. BatchRows.Select((rows, i) => TestData.Matrix(rows, 20, seed: 100 + i))];
        Dataset scored = Dataset.FromLabels(inputs[^1], [.. Enumerable.Range(0, 2500).Select(i => i % 5)], classCount: 5);
        float[][] expected = [.. inputs.Select(x => model.Predict(x).AsSpan().ToArray())];
        float[] expectedSample = model.Predict(inputs[2].Row(7));
        float expectedAccuracy = model.Accuracy(scored);

        int calls = 0, wrong = 0, thrown = 0;
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int call = 0; call < CallsPerThread; call++)
            {
                int which = (call + t) % (inputs.Length + 2);
                try
                {
                    bool same = which switch
                    {
                        _ when which < inputs.Length => model.Predict(inputs[which]).AsSpan().SequenceEqual(expected[which]),
                        _ when which == inputs.Length => model.Predict(inputs[2].Row(7)).AsSpan().SequenceEqual(expectedSample),
                        _ => model.Accuracy(scored) == expectedAccuracy,
                    };
                    Interlocked.Increment(ref calls);
                    if (!same)
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
#pragma warning disable CA1031 // any exception is a failure to count; one escaping a raw thread would end the test host
                catch (Exception)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref thrown);
                }
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        output.WriteLine($"{Threads} threads × {CallsPerThread} calls: {calls} completed, {wrong} differed from one thread, {thrown} threw");
        thrown.Should().Be(0);
        wrong.Should().Be(0);
        calls.Should().Be(Threads * CallsPerThread);
    }

    [Fact]
    public void Predict_FusedReluNetwork_EqualsForwardBitForBit()
    {
        Sequential model = Model();
        Tensor x = TestData.Matrix(300, 20, seed: 9);

        float[] predicted = model.Predict(x).AsSpan().ToArray();

        predicted.Should().Equal(model.Forward(x).AsSpan().ToArray());
    }

    // A standardisation step, two fused dense + ReLU pairs, a tanh and a softmax, with non-zero
    // biases: every inference form runs.
    private static Sequential Model()
    {
        var model = new Sequential(
            new Standardization(TestData.Uniform(20, -1f, 1f, seed: 7), TestData.Uniform(20, 0.5f, 2f, seed: 8)),
            new Dense(20, 64, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(64, 48, WeightInitialization.He, seed: 2), new ReLU(),
            new Dense(48, 32, seed: 3), new Tanh(),
            new Dense(32, 5, seed: 4), new Softmax());
        foreach (Dense dense in model.Layers.OfType<Dense>())
        {
            TestData.Uniform(dense.Outputs, -0.5f, 0.5f, seed: dense.Outputs).CopyTo(dense.Bias.Value.AsSpan());
        }

        return model;
    }
}
