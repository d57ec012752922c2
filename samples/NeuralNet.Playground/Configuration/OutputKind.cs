namespace NeuralNet.Playground.Configuration;

/// <summary>A classifier's output layer and the loss that goes with it (regression always uses identity + MSE).</summary>
public enum OutputKind
{
    /// <summary>One sigmoid output, P(blue), with binary cross-entropy.</summary>
    Sigmoid,

    /// <summary>Two softmax outputs, one per class, with categorical cross-entropy.</summary>
    Softmax,
}
