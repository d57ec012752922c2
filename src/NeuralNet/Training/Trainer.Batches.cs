using NeuralNet.Data;
using NeuralNet.Evaluation;
using NeuralNet.Kernels;
using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Training;

/// <summary>The trainer's steps and evaluation passes, and the checks their inputs get.</summary>
public sealed partial class Trainer
{
    /// <summary>
    /// Takes one optimisation step on a batch — forward, loss, backward, update — and returns the
    /// loss measured before the update. Allocates nothing once the buffers exist.
    /// </summary>
    /// <remarks>
    /// The batch is checked as <see cref="Fit"/> checks its data — every value finite, targets in
    /// the loss's range — at the cost of one pass over the batch, small beside the forward pass.
    /// </remarks>
    /// <param name="features">The batch's inputs, [rows, features].</param>
    /// <param name="targets">The batch's targets, [rows, outputs].</param>
    /// <returns>The batch's loss before the update (NaN or ∞ if training has diverged; the update is then skipped).</returns>
    /// <exception cref="ArgumentException">
    /// The batch does not fit the network, holds NaN or an infinity, or has targets the loss does not accept.
    /// </exception>
    public float TrainBatch(Tensor features, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Rank != 2 || targets.Rank != 2 || features.Rows != targets.Rows || features.Rows == 0)
        {
            throw new ArgumentException(
                $"features {features.ShapeText} and targets {targets.ShapeText} must be matrices with the same, non-zero number of rows.",
                nameof(targets));
        }

        CheckColumns(features.Columns, targets.Columns, nameof(features));
        Dataset.EnsureFinite(features, nameof(features));
        Dataset.EnsureFinite(targets, nameof(targets));
        Loss.CheckTargets(targets, nameof(targets));
        return Step(features, targets, out _);
    }

    /// <summary>The mean loss on a dataset and, for classification, the accuracy.</summary>
    /// <param name="data">The samples to score; checked as <see cref="Fit"/> checks its data.</param>
    /// <param name="cancellationToken">Checked between chunks of 1024 samples.</param>
    /// <returns>The loss, and the accuracy (<see langword="null"/> for regression).</returns>
    /// <exception cref="ArgumentException">
    /// The data does not fit the network, holds NaN or an infinity, or has targets the loss does not accept.
    /// </exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public (float Loss, float? Accuracy) Evaluate(Dataset data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckData(data, nameof(data));
        return EvaluateCore(data, history: null, cancellationToken);
    }

    /// <summary>Evaluates checked data; a cancellation inside <see cref="Fit"/> carries its history.</summary>
    private (float Loss, float? Accuracy) EvaluateCore(Dataset data, TrainingHistory? history, CancellationToken cancellationToken)
    {
        double lossSum = 0;
        long correct = 0, decisions = 0;
        for (int start = 0; start < data.Count; start += EvaluationChunk)
        {
            ThrowIfCancelled(history, cancellationToken);
            int rows = Math.Min(EvaluationChunk, data.Count - start);
            Tensor x = data.Features.CopyRows(start, rows, ref _evaluationFeatures);
            Tensor y = data.Targets.CopyRows(start, rows, ref _evaluationTargets);
            Tensor output = _objective.Forward(x);
            lossSum += (double)_objective.Compute(output, y) * rows;
            if (Loss.IsClassification)
            {
                (long c, long d) = NeuralNet.Training.Metrics.Count(Model, output, y);
                correct += c;
                decisions += d;
            }
        }

        return ((float)(lossSum / data.Count), Loss.IsClassification ? (float)correct / decisions : null);
    }

    private float TrainingLoss(Dataset train) => EvaluateCore(train, history: null, CancellationToken.None).Loss;

    private static void ThrowIfCancelled(TrainingHistory? history, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            throw history is null ? new OperationCanceledException(cancellationToken) : new TrainingCanceledException(history, cancellationToken);
        }
    }

    private float Step(Tensor x, Tensor y, out Tensor output)
    {
        // Training mode for this step's forward and backward passes only (Dropout drops); everything
        // else — validation, Evaluate, Predict — sees the model in inference mode.
        float loss;
        Model.IsTraining = true;
        try
        {
            output = _objective.Forward(x);
            loss = _objective.Compute(output, y);
            if (!float.IsFinite(loss))
            {
                return loss; // diverged: no update; the caller restores and reports
            }

            _objective.Backward(output, y, replaceGradients: true); // as ZeroGradients then Backward, one pass fewer
        }
        finally
        {
            Model.IsTraining = false;
        }

        if (ClipGradientNorm is not null || ClipGradientValue is not null)
        {
            _gradientNormSum += ClipGradients();
        }

        Optimizer.Step(Model.Parameters);
        return loss;
    }

    private (Tensor Features, Tensor Targets) Gather(Dataset data, ReadOnlySpan<int> rows)
    {
        Tensor x = Tensor.Ensure(ref _batchFeatures, rows.Length, data.FeatureCount);
        Tensor y = Tensor.Ensure(ref _batchTargets, rows.Length, data.TargetCount);
        GatherRows(data.Features, rows, x);
        GatherRows(data.Targets, rows, y);
        return (x, y);
    }

    /// <summary>Row i of <paramref name="destination"/> = row rows[i] of <paramref name="source"/>: a shuffled batch from its dataset.</summary>
    internal static void GatherRows(Tensor source, ReadOnlySpan<int> rows, Tensor destination) =>
        RowGather.GatherParallel(source.AsSpan(), source.Columns, rows, destination.AsSpan());

    /// <summary>
    /// The error for a loss that is not finite on the first batch, before any update: no learning
    /// rate can cause that, so the message gives the data's scale instead.
    /// </summary>
    private static ArgumentException DataScaleError(Dataset train, float loss) =>
        new($"The loss is {loss} on the first batch, before any update: the data's scale overflows float32 arithmetic "
            + $"({DataScale(train)}). "
            + "Standardise the features and rescale the targets (for example to unit variance); the learning rate is not the cause.",
            nameof(train));

    private static string DataScale(Dataset train) =>
        $"largest |feature| {LargestMagnitude(train.Features)}, largest |target| {LargestMagnitude(train.Targets)}";

    private static float LargestMagnitude(Tensor tensor)
    {
        float largest = 0f;
        foreach (float value in tensor.AsSpan())
        {
            largest = Math.Max(largest, Math.Abs(value));
        }

        return largest;
    }

    /// <summary>The values of <see cref="Metrics"/> on <paramref name="data"/>: one inference pass, then each metric on the outputs.</summary>
    private Dictionary<string, double> ComputeMetrics(Dataset data)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (Metrics.Count == 0)
        {
            return values;
        }

        Tensor outputs = Model.Predict(data.Features);
        foreach (EpochMetric metric in Metrics)
        {
            values[metric.Name] = metric.Compute(data.Targets, outputs);
        }

        return values;
    }

    /// <summary>Refuses metrics that share a name: each value is found by its name.</summary>
    private void CheckMetrics()
    {
        if (Metrics.Any(m => m is null))
        {
            throw new InvalidOperationException("Trainer.Metrics holds a null metric.");
        }

        string? repeated = Metrics.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;

        if (repeated is not null)
        {
            throw new InvalidOperationException($"Trainer.Metrics holds two metrics named '{repeated}'; each value is reported under its name.");
        }

        if (Model.OutputSize is int outputs && Metrics.Select(m => (m.Name, Why: m.WhyNotFor(outputs))).FirstOrDefault(m => m.Why is not null) is { Why: string why } misfit)
        {
            throw new InvalidOperationException($"Trainer.Metrics holds '{misfit.Name}', which does not fit this model: {why}.");
        }
    }

    /// <summary>
    /// Refuses, before the first step, a run whose batches would give a <see cref="BatchNorm"/> layer
    /// a training batch of one row (no variance): a batch size of 1, or a last batch of one.
    /// </summary>
    private void CheckBatchNormBatches(int count, int batchSize)
    {
        if (Model.Layers.OfType<BatchNorm>().FirstOrDefault() is not BatchNorm norm)
        {
            return;
        }

        if (batchSize < 2)
        {
            throw new InvalidOperationException(
                $"The model has a {norm.Name} layer, which needs at least 2 rows per training batch; BatchSize is {BatchSize} and the training set has {count} samples.");
        }

        if (count % batchSize == 1)
        {
            throw new InvalidOperationException(
                $"The model has a {norm.Name} layer, which needs at least 2 rows per training batch; {count} samples in batches of {batchSize} leave a last batch of 1. Change BatchSize or drop a sample.");
        }
    }

    private void CheckData(Dataset data, string name)
    {
        // Dataset checks finiteness when it is built, but its tensors stay writable: checked
        // again here, once per Fit or Evaluate, so that NaN never reaches a training step.
        CheckColumns(data.FeatureCount, data.TargetCount, name);
        Dataset.EnsureFinite(data.Features, name + ".Features");
        Dataset.EnsureFinite(data.Targets, name + ".Targets");
        Loss.CheckTargets(data.Targets, name);
    }

    private void CheckColumns(int features, int targets, string name)
    {
        if (Model.InputSize is int inputs && features != inputs)
        {
            throw new ArgumentException($"{name} has {features} features; the model's first Dense layer expects {inputs}.", name);
        }

        if (Model.OutputSize is int outputs && targets != outputs)
        {
            throw new ArgumentException($"{name} has {targets} target columns; the model outputs {outputs} values per sample.", name);
        }
    }
}
