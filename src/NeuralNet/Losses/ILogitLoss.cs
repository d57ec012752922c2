using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Losses;

/// <summary>
/// A loss with a fused, numerically stable form for one output activation, taking that
/// activation's input (the logits): cross-entropy with softmax, binary cross-entropy with sigmoid.
/// Only <see cref="OutputLoss"/> decides when the fused form is used.
/// </summary>
internal interface ILogitLoss
{
    /// <summary>Whether this loss has a fused form for <paramref name="outputLayer"/>.</summary>
    bool FusesWith(Layer outputLayer);

    /// <summary>The loss computed from logits, stable for any finite logits.</summary>
    float ComputeFromLogits(Tensor logits, Tensor targets);

    /// <summary>∂loss/∂logits computed from the logits.</summary>
    void GradientFromLogits(Tensor logits, Tensor targets, Tensor gradient);

    /// <summary>∂loss/∂logits written from the activation's output p, so that it is not recomputed.</summary>
    void LogitGradientFromOutputs(Tensor outputs, Tensor targets, Tensor gradient);
}
