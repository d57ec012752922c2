namespace NeuralNet.Schedules;

/// <summary>How <see cref="ReduceLROnPlateau"/> decides that a metric improved on the best so far.</summary>
public enum ThresholdMode
{
    /// <summary>An improvement is v &lt; best·(1 − threshold) (PyTorch's <c>threshold_mode='rel'</c>, the default).</summary>
    Relative,

    /// <summary>An improvement is v &lt; best − threshold (PyTorch's <c>threshold_mode='abs'</c>).</summary>
    Absolute,
}
