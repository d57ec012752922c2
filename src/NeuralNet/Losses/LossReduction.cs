namespace NeuralNet.Losses;

/// <summary>How a loss combines its per-element (or, for cross-entropy, per-row) terms: PyTorch's <c>reduction</c>.</summary>
public enum LossReduction
{
    /// <summary>The mean (the default): the learning rate does not depend on the batch size.</summary>
    Mean = 0,

    /// <summary>The sum: the loss and its gradient grow with the batch.</summary>
    Sum = 1,
}
