using System.Runtime.InteropServices;
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

    /// <summary>Whether the tensor is BatchNorm's counter of batches, the one <c>I64</c> tensor; all others are <c>F32</c>.</summary>
    public bool IsCounter => _role == Role.BatchCounter;

    /// <summary>The safetensors dtype: <c>I64</c> for the counter, else <c>F32</c>.</summary>
    public string DType => IsCounter ? "I64" : "F32";

    /// <summary>The bytes of one element: 8 for the counter, else 4.</summary>
    public int ElementSize => IsCounter ? sizeof(long) : sizeof(float);

    /// <summary>The float-sized slots the tensor's bytes take in a buffer of floats (two for the 8-byte counter).</summary>
    public int Slots => Length * ElementSize / sizeof(float);

    private enum Role
    {
        DenseWeight,
        DenseBias,
        Mean,
        StandardDeviation,
        Gamma,
        Beta,
        RunningMean,
        RunningVariance,
        BatchCounter,
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

    /// <summary>
    /// A BatchNorm1d's tensors in PyTorch's order: <c>weight</c> (γ), <c>bias</c> (β), <c>running_mean</c>,
    /// <c>running_var</c> [features] and <c>num_batches_tracked</c>, an <c>I64</c> scalar (shape []).
    /// </summary>
    public static IEnumerable<StateTensor> BatchNormTensors(int index, BatchNorm layer) =>
    [
        new($"{index}.weight", [layer.Features], index, layer, Role.Gamma),
        new($"{index}.bias", [layer.Features], index, layer, Role.Beta),
        new($"{index}.running_mean", [layer.Features], index, layer, Role.RunningMean),
        new($"{index}.running_var", [layer.Features], index, layer, Role.RunningVariance),
        new($"{index}{SafetensorsHeader.BatchCounterSuffix}", [], index, layer, Role.BatchCounter),
    ];

    /// <summary>
    /// Copies the layer's values into <paramref name="destination"/> (<see cref="Slots"/> long) in
    /// PyTorch's layout; the counter goes in as the bytes of one int64.
    /// </summary>
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
            case Role.StandardDeviation:
                ((Standardization)Layer).DeviationValues.CopyTo(destination);
                break;
            case Role.Gamma:
                ((BatchNorm)Layer).Gamma.Value.AsSpan().CopyTo(destination);
                break;
            case Role.Beta:
                ((BatchNorm)Layer).Beta.Value.AsSpan().CopyTo(destination);
                break;
            case Role.RunningMean:
                ((BatchNorm)Layer).RunningMean.AsSpan().CopyTo(destination);
                break;
            case Role.RunningVariance:
                ((BatchNorm)Layer).RunningVariance.AsSpan().CopyTo(destination);
                break;
            default:
                MemoryMarshal.Cast<float, long>(destination)[0] = ((BatchNorm)Layer).BatchesTracked;
                break;
        }
    }

    /// <summary>Checks values read from a file before anything is changed: all finite, and every σ &gt; 0.</summary>
    /// <exception cref="InvalidDataException">A value the layer cannot hold, named with its index.</exception>
    public void Check(ReadOnlySpan<float> values)
    {
        if (IsCounter)
        {
            long count = MemoryMarshal.Cast<float, long>(values)[0];
            if (count < 0)
            {
                throw new InvalidDataException($"Tensor '{Name}' counts {count} batches; the count cannot be negative.");
            }

            return;
        }

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

            if (_role == Role.RunningVariance && values[i] < 0)
            {
                throw new InvalidDataException($"Tensor '{Name}' holds the variance {values[i]} at index {i}; a variance cannot be negative.");
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
            case Role.StandardDeviation:
                values.CopyTo(((Standardization)Layer).DeviationsForLoading);
                break;
            case Role.Gamma:
                values.CopyTo(((BatchNorm)Layer).Gamma.Value.AsSpan());
                break;
            case Role.Beta:
                values.CopyTo(((BatchNorm)Layer).Beta.Value.AsSpan());
                break;
            case Role.RunningMean:
                values.CopyTo(((BatchNorm)Layer).RunningMean.AsSpan());
                break;
            case Role.RunningVariance:
                values.CopyTo(((BatchNorm)Layer).RunningVariance.AsSpan());
                break;
            default:
                ((BatchNorm)Layer).BatchesTracked = MemoryMarshal.Cast<float, long>(values)[0];
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
