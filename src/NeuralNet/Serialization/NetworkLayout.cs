namespace NeuralNet.Serialization;

/// <summary>
/// The layer records of a network, checked as they are added: layers with stored tensors chain
/// (each one's inputs are the outputs of the previous dense, standardization or BatchNorm layer) and the values stay within <see cref="FormatLimits.MaxValues"/>,
/// so that a reader knows every size it will allocate, and that it is sane, before allocating it.
/// </summary>
internal sealed class NetworkLayout
{
    private readonly List<LayerRecord> _layers = [];
    private int _previousOutputs;

    public IReadOnlyList<LayerRecord> Layers => _layers;

    /// <summary>Stored values (weights and biases, means and deviations) over all layers.</summary>
    public long TotalValues { get; private set; }

    /// <summary>
    /// Stored tensors over all layers, one <c>PARM</c> section each: a weight and a bias per dense
    /// layer, a mean and a standard deviation per standardization layer, four per BatchNorm layer.
    /// </summary>
    public int ParameterCount { get; private set; }

    public void Add(LayerRecord record)
    {
        int index = _layers.Count;
        if (record.HasTensors)
        {
            string kind = record.KindName;
            if (_previousOutputs != 0 && record.Inputs != _previousOutputs)
            {
                throw new InvalidDataException(
                    $"Layer {index} is a {kind} layer of {record.Inputs} inputs but the dense, standardization or BatchNorm layer before it outputs {_previousOutputs} values.");
            }

            if (TotalValues + record.ValueCount > FormatLimits.MaxValues)
            {
                throw new InvalidDataException(
                    $"Layer {index}, a {kind} layer of {record.Inputs}×{record.Outputs}, takes the network past {FormatLimits.MaxValues} values.");
            }

            _previousOutputs = record.Outputs;
            TotalValues += record.ValueCount;
            ParameterCount += record.TensorCount;
        }

        _layers.Add(record);
    }
}
