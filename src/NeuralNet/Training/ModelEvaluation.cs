using NeuralNet.Data;
using NeuralNet.Layers;

namespace NeuralNet.Training;

/// <summary>Evaluation helpers on a trained network.</summary>
public static class ModelEvaluation
{
    /// <summary>
    /// The share of correct decisions on a dataset: the arg-max class for a <see cref="Softmax"/>
    /// output, else a 0.5 threshold on each output of a <see cref="Sigmoid"/> (binary and
    /// multi-label classification). Thread-safe: it predicts through <see cref="Sequential.Predict(NeuralNet.Tensors.Tensor)"/>,
    /// so several threads may score one model at once (not while it trains).
    /// </summary>
    /// <param name="model">The network.</param>
    /// <param name="data">The samples to score.</param>
    /// <returns>A value in [0, 1].</returns>
    /// <exception cref="ArgumentException">The network's outputs do not match the targets' columns.</exception>
    /// <exception cref="InvalidOperationException">
    /// The model is a regression model (its output layer is not a softmax or a sigmoid), for which a
    /// share of correct decisions means nothing: score it with its loss instead.
    /// </exception>
    public static float Accuracy(this Sequential model, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        model.RequireClassifier(nameof(Accuracy));
        var predictions = model.Predict(data.Features);
        if (predictions.Columns != data.TargetCount)
        {
            throw new ArgumentException(
                $"The model outputs {predictions.Columns} values per sample but the targets have {data.TargetCount} columns.", nameof(data));
        }

        (long correct, long total) = Metrics.Count(model, predictions, data.Targets);
        return total == 0 ? 0f : (float)correct / total;
    }
}
