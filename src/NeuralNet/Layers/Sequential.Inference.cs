using System.Buffers;
using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>Inference: outputs for new samples, safe to compute on many threads at once.</summary>
public sealed partial class Sequential
{
    /// <summary>Rows per pass through the layers: bounds the scratch memory of a call on a large input.</summary>
    private const int PredictionChunk = 1024;

    /// <summary>
    /// Computes the outputs for any number of rows, in chunks of 1024, into a new tensor.
    /// Thread-safe: any number of calls may run at once on one model (not while it trains).
    /// </summary>
    /// <param name="input">A matrix [rows, features].</param>
    /// <returns>A new matrix [rows, outputs] that the caller owns.</returns>
    /// <exception cref="ArgumentException">The input's shape does not fit the network.</exception>
    /// <remarks>
    /// Unlike <see cref="Forward(Tensor)"/>, which keeps each layer's output in the layer for the
    /// backward pass, this runs each layer's stateless inference form: the layers write into two
    /// scratch matrices of this call, rented from <see cref="ArrayPool{T}.Shared"/> and used in
    /// turn, and read nothing but the weights. The outputs are bit for bit those of
    /// <see cref="Forward(Tensor)"/>, fused dense + ReLU pairs included.
    /// </remarks>
    public Tensor Predict(Tensor input)
    {
        CheckInput(input);
        return input.Rows == 0 ? new Tensor(0, OutputSize ?? input.Columns) : PredictCore(input, output: null);
    }

    /// <summary>
    /// Computes the outputs for any number of rows into a matrix the caller provides, so that a
    /// serving loop allocates no output per call. Thread-safe when each call has its own output.
    /// </summary>
    /// <param name="input">A matrix [rows, features].</param>
    /// <param name="output">A matrix [rows, outputs] to overwrite; it must not share storage with <paramref name="input"/>.</param>
    /// <returns><paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException">The input's shape does not fit the network, or the output's does not fit the input.</exception>
    /// <exception cref="InvalidOperationException">The network has no layer that fixes its output width (only activations).</exception>
    public Tensor Predict(Tensor input, Tensor output)
    {
        CheckInput(input);
        ArgumentNullException.ThrowIfNull(output);
        int outputs = OutputSize ?? throw new InvalidOperationException("Predict into a given tensor needs a network whose output width is fixed by a Dense layer.");
        if (output.Rank != 2 || output.Rows != input.Rows || output.Columns != outputs)
        {
            throw new ArgumentException($"output must be a [{input.Rows}, {outputs}] matrix for this input; got {output.ShapeText}.", nameof(output));
        }

        return input.Rows == 0 ? output : PredictCore(input, output);
    }

    private static void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2)
        {
            throw new ArgumentException($"input must be a matrix [rows, features]; got {input.ShapeText}.", nameof(input));
        }
    }

    /// <summary>The layers' inference passes, chunk by chunk, into <paramref name="output"/> (or a new tensor).</summary>
    private Tensor PredictCore(Tensor input, Tensor? output)
    {
        int rows = input.Rows;

        int chunkRows = Math.Min(rows, PredictionChunk);
        int scratchLength = chunkRows * Math.Max(_widestLayer, input.Columns);
        float[] first = ArrayPool<float>.Shared.Rent(scratchLength);
        float[] second = ArrayPool<float>.Shared.Rent(scratchLength);
        // An input of one chunk is read in place; a larger one is cut into chunks copied out.
        float[]? chunkStorage = rows > PredictionChunk ? ArrayPool<float>.Shared.Rent(chunkRows * input.Columns) : null;
        try
        {
            Tensor scratchA = Tensor.Over(first, chunkRows, 1), scratchB = Tensor.Over(second, chunkRows, 1);
            Tensor? chunk = chunkStorage is null ? null : Tensor.Over(chunkStorage, chunkRows, input.Columns);
            Tensor? result = output;
            for (int start = 0; start < rows; start += PredictionChunk)
            {
                int count = Math.Min(PredictionChunk, rows - start);
                Tensor x = chunk is null ? input : input.CopyRows(start, count, ref chunk);
                for (int i = 0; i < _layers.Length; i++)
                {
                    // Each layer writes into whichever scratch matrix does not hold its input.
                    x = _layers[i].Infer(x, ReferenceEquals(x, scratchA) ? scratchB : scratchA, _fused[i]);
                }

                result ??= new Tensor(rows, x.Columns);
                x.AsSpan().CopyTo(result.AsSpan()[(start * x.Columns)..]);
            }

            return result!;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(first);
            ArrayPool<float>.Shared.Return(second);
            if (chunkStorage is not null)
            {
                ArrayPool<float>.Shared.Return(chunkStorage);
            }
        }
    }

    /// <summary>Computes the outputs for one sample. Thread-safe, like <see cref="Predict(Tensor)"/>.</summary>
    /// <param name="sample">The sample's features (a <see cref="float"/>[] converts to this).</param>
    /// <returns>A new array of the network's outputs: the probabilities of a classifier, the values of a regression.</returns>
    /// <exception cref="ArgumentException">The sample's length differs from the network's input size.</exception>
    public float[] Predict(ReadOnlySpan<float> sample) => Predict(SampleMatrix(sample, nameof(sample))).AsSpan().ToArray();

    /// <summary>One sample as a [1, features] matrix, checked against the input size so that the message names the sample.</summary>
    private Tensor SampleMatrix(ReadOnlySpan<float> sample, string paramName)
    {
        if (InputSize is int expected && sample.Length != expected)
        {
            throw new ArgumentException($"{paramName} has {sample.Length} values; the network expects {expected}.", paramName);
        }

        return new Tensor(sample, 1, sample.Length);
    }
}
