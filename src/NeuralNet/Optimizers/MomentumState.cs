namespace NeuralNet.Optimizers;

/// <summary>The momentum buffer <see cref="Momentum"/> and <see cref="Nesterov"/> keep for one parameter.</summary>
public sealed class MomentumState
{
    internal MomentumState(int length) => Buffer = new float[length];

    /// <summary>The running sum of past gradients (it starts as the first gradient itself).</summary>
    internal float[] Buffer { get; }

    /// <summary>Whether the buffer has been seeded by a first step.</summary>
    internal bool Started { get; set; }
}
