using NeuralNet.Layers;

namespace NeuralNet.Interop;

/// <summary>
/// One tensor of a network's PyTorch <c>state_dict</c>: its name, its shape in PyTorch's layout,
/// and how its values move between that layout and the layer that holds them.
/// </summary>
internal sealed class StateTensor
{
    private readonly Role _role;

    private StateTensor(string name, int[] shape, int layerIndex, Layer layer, Role role)
    {
        Name = name;
        Shape = shape;
        LayerIndex = layerIndex;
        Layer = layer;
        _role = role;
        Length = shape.Aggregate(1, (product, size) => product * size);
    }

    private enum Role
    {
        DenseWeight,
        DenseBias,
        Mean,
        StandardDeviation,
    }

    /// <summary>The name in the file, <c>&lt;layer index&gt;.&lt;parameter&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>The shape in PyTorch's layout (a Linear weight is [out, in]).</summary>
    public int[] Shape { get; }

    /// <summary>The position of the layer in the network, which is its index in <c>nn.Sequential</c>.</summary>
    public int LayerIndex { get; }

    /// <summary>The layer that holds the values.</summary>
    public Layer Layer { get; }

    /// <summary>The number of values.</summary>
    public int Length { get; }

    /// <summary>The shape as text, for messages.</summary>
    public string ShapeText => TensorEntry.ShapeToText(Shape);

    /// <summary>Where a message says the tensor belongs: <c>layer 2 (Dense(16→8))</c>.</summary>
    public string Owner => $"layer {LayerIndex} ({Layer.Name})";

    /// <summary>A Linear's weight: [out, in] in PyTorch, the transpose of our [inputs, outputs].</summary>
    public static StateTensor Weight(int index, Dense dense) => new($"{index}.weight", [dense.Outputs, dense.Inputs], index, dense, Role.DenseWeight);

    /// <summary>A Linear's bias, [out].</summary>
    public static StateTensor Bias(int index, Dense dense) => new($"{index}.bias", [dense.Outputs], index, dense, Role.DenseBias);

    /// <summary>A standardization's μ, [features], a buffer named <c>mean</c> on the PyTorch side.</summary>
    public static StateTensor Mean(int index, Standardization layer) => new($"{index}.mean", [layer.Features], index, layer, Role.Mean);

    /// <summary>A standardization's σ, [features], a buffer named <c>std</c> on the PyTorch side.</summary>
    public static StateTensor StandardDeviation(int index, Standardization layer) =>
        new($"{index}.std", [layer.Features], index, layer, Role.StandardDeviation);

    /// <summary>Copies the layer's values into <paramref name="destination"/> in PyTorch's layout.</summary>
    public void Export(Span<float> destination)
    {
        switch (_role)
        {
            case Role.DenseWeight:
                Transpose(((Dense)Layer).Weight.Value.AsSpan(), rows: Shape[1], columns: Shape[0], destination);
                break;
            case Role.DenseBias:
                ((Dense)Layer).Bias.Value.AsSpan().CopyTo(destination);
                break;
            case Role.Mean:
                ((Standardization)Layer).MeanValues.CopyTo(destination);
                break;
            default:
                ((Standardization)Layer).DeviationValues.CopyTo(destination);
                break;
        }
    }

    /// <summary>Checks values read from a file before anything is changed: all finite, and every σ &gt; 0.</summary>
    /// <exception cref="InvalidDataException">A value the layer cannot hold, named with its index.</exception>
    public void Check(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new InvalidDataException($"Tensor '{Name}' holds the non-finite value {values[i]} at index {i}.");
            }

            if (_role == Role.StandardDeviation && values[i] <= 0)
            {
                throw new InvalidDataException($"Tensor '{Name}' holds the standard deviation {values[i]} at index {i}; it must be greater than 0.");
            }
        }
    }

    /// <summary>Overwrites the layer's values from <paramref name="values"/>, given in PyTorch's layout and already checked.</summary>
    public void Import(ReadOnlySpan<float> values)
    {
        switch (_role)
        {
            case Role.DenseWeight:
                Transpose(values, rows: Shape[0], columns: Shape[1], ((Dense)Layer).Weight.Value.AsSpan());
                break;
            case Role.DenseBias:
                values.CopyTo(((Dense)Layer).Bias.Value.AsSpan());
                break;
            case Role.Mean:
                values.CopyTo(((Standardization)Layer).MeansForLoading);
                break;
            default:
                values.CopyTo(((Standardization)Layer).DeviationsForLoading);
                break;
        }
    }

    /// <summary>destination[c, r] = source[r, c] for a row-major source of the given shape.</summary>
    private static void Transpose(ReadOnlySpan<float> source, int rows, int columns, Span<float> destination)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = source.Slice(r * columns, columns);
            for (int c = 0; c < columns; c++)
            {
                destination[(c * rows) + r] = row[c];
            }
        }
    }
}
