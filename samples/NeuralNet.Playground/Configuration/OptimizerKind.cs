namespace NeuralNet.Playground.Configuration;

/// <summary>The library's seven optimizers.</summary>
public enum OptimizerKind
{
    /// <summary><see cref="Optimizers.Sgd"/>.</summary>
    Sgd,

    /// <summary><see cref="Optimizers.Momentum"/>.</summary>
    Momentum,

    /// <summary><see cref="Optimizers.Nesterov"/>.</summary>
    Nesterov,

    /// <summary><see cref="Optimizers.Adagrad"/>.</summary>
    Adagrad,

    /// <summary><see cref="Optimizers.RmsProp"/>.</summary>
    RmsProp,

    /// <summary><see cref="Optimizers.Adam"/>.</summary>
    Adam,

    /// <summary><see cref="Optimizers.AdamW"/>.</summary>
    AdamW,
}
