using NeuralNet.Layers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

/// <summary>
/// A layer defined outside the library has only its own-buffer forward pass: inference must still
/// give its outputs, from several threads at once, by running it one caller at a time.
/// </summary>
public sealed class CustomLayerInferenceTests
{
    [Fact]
    public void Predict_CustomLayerFromFourThreads_EqualsForward()
    {
        var doubling = new Doubling();
        var model = new Sequential(new Dense(6, 9, seed: 1), doubling, new Dense(9, 3, seed: 2), new Softmax());
        Tensor[] inputs = [TestData.Matrix(1100, 6, seed: 2), TestData.Matrix(3, 6, seed: 3), TestData.Matrix(200, 6, seed: 4)];
        float[][] expected = [.. inputs.Select(x => model.Forward(x).AsSpan().ToArray())];

        int wrong = 0;
        using var start = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int call = 0; call < 30; call++)
            {
                int which = (call + t) % inputs.Length;
                try
                {
                    if (!model.Predict(inputs[which]).AsSpan().SequenceEqual(expected[which]))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
#pragma warning disable CA1031 // an exception is a wrong result to count; one escaping a raw thread would end the test host
                catch (Exception)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        doubling.Overlapped.Should().BeFalse();
        wrong.Should().Be(0);
    }

    /// <summary>y = 2x into an output tensor it reuses, as the library's own layers do in training; it notes overlapping calls.</summary>
    private sealed class Doubling : Layer
    {
        private Tensor _output = new(0, 0);
        private int _callers;

        /// <summary>Whether two forward passes ever ran at once, which would mix their outputs.</summary>
        public bool Overlapped { get; private set; }

        protected override Tensor ForwardCore(Tensor input)
        {
            if (Interlocked.Increment(ref _callers) > 1)
            {
                Overlapped = true;
            }

            if (!_output.HasSameShape(input))
            {
                _output = new Tensor(input.Rows, input.Columns);
            }

            ReadOnlySpan<float> x = input.AsSpan();
            Span<float> y = _output.AsSpan();
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = 2 * x[i];
            }

            Thread.Sleep(1); // widens the window in which an unserialised caller would overlap
            Interlocked.Decrement(ref _callers);
            return _output;
        }

        protected override Tensor? BackwardCore(Tensor outputGradient, bool computeInputGradient) =>
            throw new NotSupportedException();
    }
}
