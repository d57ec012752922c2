namespace NeuralNet.Serialization;

/// <summary>
/// The layer records of a network, checked as they are added: dense layers chain (each one's
/// inputs are the previous one's outputs) and the values stay within <see cref="FormatLimits.MaxValues"/>,
/// so that a reader knows every size it will allocate, and that it is sane, before allocating it.
/// </summary>
internal sealed class NetworkLayout
{
    private readonly List<LayerRecord> _layers = [];
    private int _previousOutputs;

    public IReadOnlyList<LayerRecord> Layers => _layers;

    /// <summary>Weights plus biases over all layers.</summary>
    public long TotalValues { get; private set; }

    /// <summary>Parameter tensors over all layers: a weight and a bias per dense layer.</summary>
    public int ParameterCount { get; private set; }

    public void Add(LayerRecord record)
    {
        int index = _layers.Count;
        if (record.IsDense)
        {
            if (_previousOutputs != 0 && record.Inputs != _previousOutputs)
            {
                throw new InvalidDataException(
                    $"Layer {index} is a Dense layer of {record.Inputs} inputs but the dense layer before it outputs {_previousOutputs} values.");
            }

            if (TotalValues + record.ValueCount > FormatLimits.MaxValues)
            {
                throw new InvalidDataException(
                    $"Layer {index}, a Dense layer of {record.Inputs}×{record.Outputs}, takes the network past {FormatLimits.MaxValues} values.");
            }

            _previousOutputs = record.Outputs;
            TotalValues += record.ValueCount;
            ParameterCount += 2;
        }

        _layers.Add(record);
    }
}
