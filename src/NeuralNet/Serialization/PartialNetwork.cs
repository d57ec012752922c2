using NeuralNet.Layers;

namespace NeuralNet.Serialization;

/// <summary>
/// The layers as they are read: <see cref="Owners"/> maps each stored tensor to its layer, and
/// a standardization layer's mean waits in <see cref="_pendingMeans"/> until its deviation
/// arrives in the next section.
/// </summary>
internal sealed class PartialNetwork(NetworkLayout layout, int[] owners)
{
    private float[]? _pendingMeans;

    public NetworkLayout Layout { get; } = layout;

    public Layer[] Layers { get; } = new Layer[layout.Layers.Count];

    public int[] Owners { get; } = owners;

    public static PartialNetwork For(NetworkLayout layout)
    {
        var owners = new int[layout.ParameterCount];
        var network = new PartialNetwork(layout, owners);
        for (int i = 0, p = 0; i < layout.Layers.Count; i++)
        {
            LayerRecord record = layout.Layers[i];
            if (record.HasTensors)
            {
                for (int t = 0; t < record.TensorCount; t++)
                {
                    owners[p++] = i;
                }
            }
            else
            {
                network.Layers[i] = record.Create();
            }
        }

        return network;
    }

    /// <summary>
    /// Reads one of a BatchNorm layer's four tensors (γ, β, running mean, running variance). The layer
    /// is built when γ has arrived, so that a stream that stops early allocates only what it sent.
    /// </summary>
    public void ReadBatchNorm(ChecksummedReader reader, int layer, int slot, int count)
    {
        LayerRecord record = Layout.Layers[layer];
        float[] values = ReadChecked(reader, layer, slot, count);
        if (slot == 0)
        {
            Layers[layer] = record.Create();
        }

        var norm = (BatchNorm)Layers[layer];
        switch (slot)
        {
            case 0:
                values.CopyTo(norm.Gamma.Value.AsSpan());
                break;
            case 1:
                values.CopyTo(norm.Beta.Value.AsSpan());
                break;
            case 2:
                values.CopyTo(norm.RunningMean.AsSpan());
                break;
            default:
                int negative = Array.FindIndex(values, v => v < 0f);
                if (negative >= 0)
                {
                    throw new InvalidDataException(
                        $"Layer {layer} parameter 'running variance' holds the negative value {values[negative]} at index {negative}; a variance cannot be negative.");
                }

                values.CopyTo(norm.RunningVariance.AsSpan());
                break;
        }
    }

    /// <summary>Reads one of a standardization layer's two tensors; builds the layer after the second.</summary>
    public void ReadStandardization(ChecksummedReader reader, int layer, int slot, int count)
    {
        float[] values = ReadChecked(reader, layer, slot, count);
        if (slot == 0)
        {
            _pendingMeans = values;
            return;
        }

        try
        {
            Layers[layer] = new Standardization(_pendingMeans!, values);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Layer {layer} is not a valid Standardization layer: {e.Message}", e);
        }

        _pendingMeans = null;
    }

    /// <summary>
    /// One stored tensor's values, all finite: read whole once a seekable stream's checksum vouched
    /// for them, else gathered as they arrive (see <see cref="ParameterValues.ReadAsTheyArrive"/>).
    /// </summary>
    private float[] ReadChecked(ChecksummedReader reader, int layer, int slot, int count)
    {
        float[] values;
        if (reader.CanSeek)
        {
            values = new float[count];
            reader.ReadFloats(values);
        }
        else
        {
            values = ParameterValues.ReadAsTheyArrive(reader, count);
        }

        ParameterValues.Check(values, layer, Layout.Layers[layer].TensorName(slot));
        return values;
    }
}
