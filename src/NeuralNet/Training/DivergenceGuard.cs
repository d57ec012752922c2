using NeuralNet.Layers;
using NeuralNet.Optimizers;

namespace NeuralNet.Training;

/// <summary>
/// Keeps the weights of the last two epoch starts so that a divergence can be undone to weights
/// that gave a finite loss, and undoes it: weights restored, optimizer state reset.
/// </summary>
/// <remarks>
/// <para>
/// The weights an epoch starts from are proven good once its first step's loss is finite. A
/// divergence seen at step 2 or later (or in the weights after the last step) therefore restores
/// the current epoch's start; one seen at step 1 — in full-batch training it always is — restores
/// the previous epoch's start, whose first step was finite. In full-batch training that is exactly
/// the last weights that gave a finite loss; in mini-batch training it is the start of the epoch.
/// </para>
/// <para>
/// Cost: one copy of the weights per epoch into the snapshot not in use (the two swap roles by
/// reference), nothing per step; memory for two copies of the weights.
/// </para>
/// </remarks>
internal sealed class DivergenceGuard(Sequential model, Optimizer optimizer)
{
    private WeightSnapshot _current = new(model);
    private WeightSnapshot _previous = new(model);
    private int _currentEpoch = 1;
    private int _previousEpoch = 1;

    /// <summary>Records the weights <paramref name="epoch"/> starts from, keeping the previous epoch's.</summary>
    public void EpochStarting(int epoch)
    {
        (_previous, _current) = (_current, _previous);
        _previousEpoch = _currentEpoch;
        _current.Capture();
        _currentEpoch = epoch;
    }

    /// <summary>
    /// Restores the last proven weights, resets the optimizer's state, measures the restored loss
    /// and returns the exception to throw.
    /// </summary>
    /// <param name="epoch">The epoch in which the divergence showed.</param>
    /// <param name="step">The step within it.</param>
    /// <param name="loss">The non-finite loss, or null when the weights, not the loss, overflowed.</param>
    /// <param name="measureLoss">The training loss of the weights now in the model.</param>
    /// <param name="dataScale">The training data's largest magnitudes, for the message.</param>
    public TrainingDivergedException Recover(int epoch, int step, float? loss, Func<float> measureLoss, string dataScale)
    {
        // Only a non-finite loss at step 1 condemns the weights this epoch started from.
        bool startIsBad = loss is not null && step == 1;
        (WeightSnapshot snapshot, int restoredEpoch) = startIsBad ? (_previous, _previousEpoch) : (_current, _currentEpoch);
        snapshot.Restore();
        float restoredLoss = measureLoss();
        if (!float.IsFinite(restoredLoss) && snapshot == _current && _previousEpoch < _currentEpoch)
        {
            // The epoch's first batch was finite but the whole training set is not: go one epoch further back.
            _previous.Restore();
            restoredEpoch = _previousEpoch;
            restoredLoss = measureLoss();
        }

        optimizer.ResetState();
        return TrainingDivergedException.Recovered(epoch, step, loss, restoredEpoch, restoredLoss, dataScale);
    }
}
