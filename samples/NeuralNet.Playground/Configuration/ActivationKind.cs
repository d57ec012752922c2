namespace NeuralNet.Playground.Configuration;

/// <summary>The hidden layers' activation: every activation layer the library has, except softmax (an output).</summary>
public enum ActivationKind
{
    /// <summary><see cref="Layers.Tanh"/>.</summary>
    Tanh,

    /// <summary><see cref="Layers.Sigmoid"/>.</summary>
    Sigmoid,

    /// <summary><see cref="Layers.ReLU"/>.</summary>
    ReLU,

    /// <summary><see cref="Layers.LeakyReLU"/> with slope 0.01.</summary>
    LeakyReLU,

    /// <summary><see cref="Layers.ELU"/> with α = 1.</summary>
    ELU,

    /// <summary><see cref="Layers.GELU"/> (exact erf form).</summary>
    GELU,

    /// <summary><see cref="Layers.SiLU"/>.</summary>
    SiLU,

    /// <summary><see cref="Layers.Softplus"/> with β = 1.</summary>
    Softplus,

    /// <summary><see cref="Layers.Identity"/>: a linear network, whatever its depth.</summary>
    Identity,
}
