using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Serialization;

/// <summary>
/// Moves a dense layer's values between a file and its tensors, refusing non-finite ones in both
/// directions: a NaN weight must neither replace a good file nor come back out of a bad one.
/// </summary>
internal static class ParameterValues
{
    /// <summary>Reads the values of one parameter tensor and checks that every one is finite.</summary>
    public static void Read(ChecksummedReader reader, Parameter parameter, int layer)
    {
        Span<float> values = parameter.Value.AsSpan();
        reader.ReadFloats(values);
        Check(values, layer, parameter.Name);
    }

    /// <summary>
    /// Reads <paramref name="count"/> values from a stream that cannot be checked ahead (a pipe)
    /// into an array that doubles, from 64 Ki values, only as values arrive: the arrays add up to
    /// about four times the bytes that arrived, whatever the header claimed, and a stream that
    /// stops early fails before the layer itself is allocated.
    /// </summary>
    public static float[] ReadAsTheyArrive(ChecksummedReader reader, int count)
    {
        var values = new float[Math.Min(count, 1 << 16)];
        int filled = 0;
        while (true)
        {
            reader.ReadFloats(values.AsSpan(filled));
            filled = values.Length;
            if (filled == count)
            {
                return values;
            }

            Array.Resize(ref values, (int)Math.Min(count, 2L * filled));
        }
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first non-finite value read from a file.</summary>
    public static void Check(ReadOnlySpan<float> values, int layer, string parameter)
    {
        int bad = IndexOfNonFinite(values);
        if (bad >= 0)
        {
            throw new InvalidDataException(
                $"Layer {layer} parameter '{parameter}' holds the non-finite value {values[bad]} at index {bad}.");
        }
    }

    /// <summary>Throws unless every parameter of every layer is finite; names the first one that is not.</summary>
    public static void EnsureFinite(Sequential model)
    {
        for (int layer = 0; layer < model.Layers.Count; layer++)
        {
            Layer owner = model.Layers[layer];
            foreach ((string name, Tensor value) in owner.Parameters.Select(p => (p.Name, p.Value)).Concat(owner.Buffers))
            {
                ReadOnlySpan<float> values = value.AsSpan();
                int bad = IndexOfNonFinite(values);
                if (bad >= 0)
                {
                    throw new InvalidOperationException(
                        $"Layer {layer} ({owner.Name}) parameter '{name}' holds {values[bad]} at index {bad}; " +
                        "a model with non-finite weights is not saved, so that it cannot replace a good file.");
                }
            }
        }
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
