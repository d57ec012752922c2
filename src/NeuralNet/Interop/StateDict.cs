using NeuralNet.Layers;

namespace NeuralNet.Interop;

/// <summary>
/// The catalogue of layer kinds and the tensors each has in a PyTorch <c>nn.Sequential</c>'s
/// <c>state_dict</c>. A layer kind missing here cannot be saved or loaded, and the interop tests,
/// which walk every layer type of the library, fail until it is added.
/// </summary>
/// <remarks>
/// A layer's index in <see cref="Sequential.Layers"/> is its index in <c>nn.Sequential</c>, so
/// tensor names are <c>&lt;index&gt;.&lt;parameter&gt;</c>, and layers without tensors (the
/// activations) take an index too:
/// <list type="table">
/// <item><term><see cref="Dense"/></term><description><c>weight</c> [outputs, inputs] (transposed, as <c>nn.Linear</c> stores it) and <c>bias</c> [outputs].</description></item>
/// <item><term><see cref="Standardization"/></term><description><c>mean</c> and <c>std</c> [features]: buffers of a two-line PyTorch module (docs/safetensors.md), since PyTorch has no such layer.</description></item>
/// <item><term><see cref="BatchNorm"/></term><description>as <c>nn.BatchNorm1d</c>: <c>weight</c> (γ), <c>bias</c> (β), <c>running_mean</c>, <c>running_var</c> [features], and <c>num_batches_tracked</c>, an <c>I64</c> scalar.</description></item>
/// <item><term>an <see cref="Activation"/> without parameters</term><description>none, like <c>nn.ReLU</c>, <c>nn.Tanh</c>, <c>nn.Sigmoid</c>, <c>nn.Softmax</c>, <c>nn.Identity</c>, <c>nn.LeakyReLU</c>, <c>nn.ELU</c>, <c>nn.GELU</c>, <c>nn.SiLU</c>, <c>nn.Softplus</c> (hyperparameters are not tensors: the model's code sets them).</description></item>
/// </list>
/// </remarks>
internal static class StateDict
{
    /// <summary>The network's tensors, layer by layer, each layer's in PyTorch's order.</summary>
    /// <exception cref="NotSupportedException">A layer kind with no PyTorch counterpart here, named with its index.</exception>
    public static List<StateTensor> Describe(Sequential model)
    {
        var tensors = new List<StateTensor>();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            switch (model.Layers[i])
            {
                case Dense dense:
                    tensors.Add(StateTensor.Weight(i, dense));
                    if (dense.HasBias)
                    {
                        tensors.Add(StateTensor.Bias(i, dense));
                    }

                    break;
                case Standardization standardization:
                    tensors.Add(StateTensor.Mean(i, standardization));
                    tensors.Add(StateTensor.StandardDeviation(i, standardization));
                    break;
                case BatchNorm norm:
                    tensors.AddRange(StateTensor.BatchNormTensors(i, norm));
                    break;
                case Activation activation when activation.Parameters.Count == 0:
                    break;
                case Dropout:
                    break; // nn.Dropout has no tensors either

                case Layer other:
                    throw new NotSupportedException(
                        $"Layer {i} ({other.Name}) is a {other.GetType().Name}, which has no safetensors mapping; " +
                        "only Dense, Standardization, BatchNorm, Dropout and parameter-free activations can be saved or loaded.");
            }
        }

        return tensors;
    }
}
