using NeuralNet.Tensors;

namespace NeuralNet.Losses;

/// <summary>
/// A loss that is paired with one output activation and has a fused, numerically stable form
/// taking the activation's input (the logits). The trainer uses it to skip the activation's
/// backward pass: the gradient with respect to the logits is simply (p − t)/N.
/// </summary>
internal interface ILogitLoss
{
    /// <summary>The output activation this loss fuses with.</summary>
    Type OutputActivation { get; }

    /// <summary>The loss computed from logits, stable for any finite logits.</summary>
    float ComputeFromLogits(Tensor logits, Tensor targets);

    /// <summary>∂loss/∂logits written from the activation's output p (so it is not recomputed).</summary>
    void LogitGradientFromOutputs(Tensor outputs, Tensor targets, Tensor gradient);
}
