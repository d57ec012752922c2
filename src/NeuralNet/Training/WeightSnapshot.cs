using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Training;

/// <summary>A copy of every parameter value of a network, for early stopping and divergence recovery.</summary>
internal sealed class WeightSnapshot
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly float[][] _values;

    public WeightSnapshot(Sequential model)
    {
        _parameters = model.Parameters;
        _values = [.. _parameters.Select(p => new float[p.Value.Length])];
        Capture();
    }

    /// <summary>The copied values, one array per parameter in the network's order.</summary>
    public float[][] Values => _values;

    public void Capture()
    {
        for (int i = 0; i < _parameters.Count; i++)
        {
            _parameters[i].Value.AsSpan().CopyTo(_values[i]);
        }
    }

    public void Restore()
    {
        for (int i = 0; i < _parameters.Count; i++)
        {
            _values[i].CopyTo(_parameters[i].Value.AsSpan());
        }
    }

    public static bool AllFinite(Sequential model)
    {
        foreach (Parameter parameter in model.Parameters)
        {
            foreach (float value in parameter.Value.AsSpan())
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
