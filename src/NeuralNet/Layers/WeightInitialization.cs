namespace NeuralNet.Layers;

/// <summary>How a <see cref="Dense"/> layer draws its initial weights (biases start at 0).</summary>
public enum WeightInitialization
{
    /// <summary>
    /// Xavier/Glorot uniform: U(−a, a) with a = √(6 / (inputs + outputs)); keeps the variance of
    /// activations steady through sigmoid and tanh layers (Glorot and Bengio, 2010).
    /// </summary>
    Glorot,

    /// <summary>
    /// He/Kaiming normal: N(0, 2 / inputs); keeps the variance steady through ReLU layers, which
    /// zero half their inputs (He et al., 2015).
    /// </summary>
    He,
}
