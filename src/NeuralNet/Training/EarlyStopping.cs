using NeuralNet.Layers;

namespace NeuralNet.Training;

/// <summary>
/// Early stopping: follows the monitored loss epoch by epoch, keeps a copy of the weights of the
/// best epoch, and says when <see cref="Patience"/> epochs have passed without an improvement.
/// </summary>
/// <remarks>
/// An epoch improves when its loss is below the best so far by more than
/// <see cref="MinImprovement"/> (Keras' <c>min_delta</c>). A NaN loss never improves.
/// </remarks>
internal sealed class EarlyStopping
{
    private readonly WeightSnapshot _best;

    /// <summary>Starts watching <paramref name="model"/>; its current weights are the fallback until an epoch improves.</summary>
    public EarlyStopping(Sequential model, int patience, float minImprovement)
    {
        _best = new WeightSnapshot(model);
        Patience = patience;
        MinImprovement = minImprovement;
    }

    /// <summary>Epochs without improvement after which training stops.</summary>
    public int Patience { get; }

    /// <summary>How much the loss must fall below the best to count as an improvement.</summary>
    public float MinImprovement { get; }

    /// <summary>The epoch with the best loss so far (0 before any epoch improved).</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The best loss so far.</summary>
    public float BestLoss { get; private set; } = float.PositiveInfinity;

    /// <summary>Records the loss at the end of <paramref name="epoch"/>, keeping the weights if it is the best.</summary>
    /// <returns>Whether training should stop now.</returns>
    public bool ShouldStop(int epoch, float loss)
    {
        if (loss < BestLoss - MinImprovement)
        {
            BestLoss = loss;
            BestEpoch = epoch;
            _best.Capture();
            return false;
        }

        return epoch - BestEpoch >= Patience;
    }

    /// <summary>The copy of the best weights, one array per parameter (for checkpoints).</summary>
    public float[][] BestWeights => _best.Values;

    /// <summary>Takes up the record a checkpoint saved: the best epoch, its loss and its weights.</summary>
    public void Resume(int bestEpoch, float bestLoss, float[][] bestWeights)
    {
        BestEpoch = bestEpoch;
        BestLoss = bestLoss;
        for (int i = 0; i < bestWeights.Length; i++)
        {
            bestWeights[i].CopyTo(_best.Values[i], 0);
        }
    }

    /// <summary>Puts the weights of the best epoch back into the model.</summary>
    public void RestoreBest() => _best.Restore();
}
