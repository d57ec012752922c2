using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Training;

/// <summary>
/// A copy of every parameter value of a network and of its layers' buffers (batch normalisation's
/// running statistics), for early stopping and divergence recovery.
/// </summary>
internal sealed class WeightSnapshot
{
    private readonly IReadOnlyList<(string Name, Tensor Value)> _targets;
    private readonly float[][] _values;

    public WeightSnapshot(Sequential model)
    {
        _targets = Targets(model);
        _values = [.. _targets.Select(t => new float[t.Value.Length])];
        Capture();
    }

    /// <summary>The copied values, one array per parameter in the network's order, then one per buffer.</summary>
    public float[][] Values => _values;

    /// <summary>What a snapshot copies: each parameter's value in the network's order, then each layer's buffers in layer order.</summary>
    public static IReadOnlyList<(string Name, Tensor Value)> Targets(Sequential model) =>
        [.. model.Parameters.Select(p => (p.Name, p.Value)), .. model.Layers.SelectMany(l => l.Buffers)];

    public void Capture()
    {
        for (int i = 0; i < _targets.Count; i++)
        {
            _targets[i].Value.AsSpan().CopyTo(_values[i]);
        }
    }

    public void Restore()
    {
        for (int i = 0; i < _targets.Count; i++)
        {
            _values[i].CopyTo(_targets[i].Value.AsSpan());
        }
    }

    public static bool AllFinite(Sequential model)
    {
        foreach ((_, Tensor tensor) in Targets(model))
        {
            foreach (float value in tensor.AsSpan())
            {
                if (!float.IsFinite(value))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
