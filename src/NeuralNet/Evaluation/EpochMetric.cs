using System.Globalization;
using NeuralNet.Tensors;

namespace NeuralNet.Evaluation;

/// <summary>
/// A metric the trainer reports after every epoch (<see cref="Training.Trainer.Metrics"/>), as Keras'
/// <c>metrics=[...]</c>: computed from the model's outputs on the validation data (on the training
/// data when there is none) by the same functions as <see cref="ClassificationMetrics"/> and
/// <see cref="RegressionMetrics"/>, and found by <see cref="Name"/> in <see cref="Training.EpochMetrics.Metrics"/>.
/// </summary>
/// <example><code>
/// var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam())
/// {
///     Metrics = { EpochMetric.F1(Averaging.Macro), EpochMetric.TopKAccuracy(3) },
/// };
/// TrainingHistory history = trainer.Fit(train, validation);
/// double f1 = history.Epochs[^1].Metrics["f1_macro"];
/// </code></example>
public sealed class EpochMetric
{
    private readonly Func<Tensor, Tensor, double> _compute;
    private readonly Func<int, string?> _fits; // the model's outputs → why the metric cannot apply, or null

    private EpochMetric(string name, Func<Tensor, Tensor, double> compute, Func<int, string?>? fits = null)
    {
        Name = name;
        _compute = compute;
        _fits = fits ?? (_ => null);
    }

    /// <summary>The key of the metric's value in <see cref="Training.EpochMetrics.Metrics"/>, such as <c>f1_macro</c>.</summary>
    public string Name { get; }

    /// <summary>Accuracy (<see cref="ClassificationMetrics.Accuracy(Tensor, Tensor)"/>): arg-max classes, or ≥ 0.5 for one output. Key <c>accuracy</c>.</summary>
    /// <returns>The metric.</returns>
    public static EpochMetric Accuracy() => new("accuracy", ClassificationMetrics.Accuracy);

    /// <summary>Precision with the given averaging. Key <c>precision_macro</c>, <c>precision_micro</c> or <c>precision_weighted</c>.</summary>
    /// <param name="averaging">How the per-class values are combined.</param>
    /// <returns>The metric.</returns>
    public static EpochMetric Precision(Averaging averaging = Averaging.Macro) =>
        new("precision_" + Suffix(averaging), (t, p) => ClassificationMetrics.Precision(ConfusionMatrix.FromTensors(t, p), averaging));

    /// <summary>Recall with the given averaging. Key <c>recall_macro</c>, <c>recall_micro</c> or <c>recall_weighted</c>.</summary>
    /// <param name="averaging">How the per-class values are combined.</param>
    /// <returns>The metric.</returns>
    public static EpochMetric Recall(Averaging averaging = Averaging.Macro) =>
        new("recall_" + Suffix(averaging), (t, p) => ClassificationMetrics.Recall(ConfusionMatrix.FromTensors(t, p), averaging));

    /// <summary>F1 with the given averaging. Key <c>f1_macro</c>, <c>f1_micro</c> or <c>f1_weighted</c>.</summary>
    /// <param name="averaging">How the per-class values are combined.</param>
    /// <returns>The metric.</returns>
    public static EpochMetric F1(Averaging averaging = Averaging.Macro) =>
        new("f1_" + Suffix(averaging), (t, p) => ClassificationMetrics.F1(ConfusionMatrix.FromTensors(t, p), averaging));

    /// <summary>Binary ROC AUC of a model with one sigmoid output (<see cref="ClassificationMetrics.RocAuc(Tensor, Tensor)"/>). Key <c>roc_auc</c>.</summary>
    /// <returns>The metric.</returns>
    public static EpochMetric RocAuc() => new(
        "roc_auc", ClassificationMetrics.RocAuc,
        outputs => outputs == 1 ? null : $"binary ROC AUC needs a model with one (sigmoid) output; this one has {outputs}");

    /// <summary>Top-k accuracy of a multi-class model (<see cref="ClassificationMetrics.TopKAccuracy"/>). Key <c>top{k}_accuracy</c>.</summary>
    /// <param name="k">How many of the highest scores may hold the true class, ≥ 1.</param>
    /// <returns>The metric.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1.</exception>
    public static EpochMetric TopKAccuracy(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return new(
            string.Create(CultureInfo.InvariantCulture, $"top{k}_accuracy"),
            (t, p) => ClassificationMetrics.TopKAccuracy(ClassLabels.FromRows(t, "targets"), p, k),
            outputs => outputs >= 2 && k <= outputs ? null : $"top-{k} accuracy needs a multi-class model with at least {Math.Max(k, 2)} outputs; this one has {outputs}");
    }

    /// <summary>Mean absolute error, averaged over the outputs. Key <c>mae</c>.</summary>
    /// <returns>The metric.</returns>
    public static EpochMetric MeanAbsoluteError() => new("mae", RegressionMetrics.MeanAbsoluteError);

    /// <summary>Mean squared error, averaged over the outputs. Key <c>mse</c>.</summary>
    /// <returns>The metric.</returns>
    public static EpochMetric MeanSquaredError() => new("mse", RegressionMetrics.MeanSquaredError);

    /// <summary>Root mean squared error, the mean of the outputs' RMSEs. Key <c>rmse</c>.</summary>
    /// <returns>The metric.</returns>
    public static EpochMetric RootMeanSquaredError() => new("rmse", RegressionMetrics.RootMeanSquaredError);

    /// <summary>R², the uniform average over the outputs. Key <c>r2</c>.</summary>
    /// <returns>The metric.</returns>
    public static EpochMetric RSquared() => new("r2", RegressionMetrics.RSquared);

    /// <summary>A metric of your own, computed from the targets and the model's outputs.</summary>
    /// <param name="name">Its key; not empty.</param>
    /// <param name="compute">(targets, outputs) → value; both [samples, outputs], read only.</param>
    /// <returns>The metric.</returns>
    public static EpochMetric Custom(string name, Func<Tensor, Tensor, double> compute)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(compute);
        return new(name, compute);
    }

    /// <summary>The metric's value for <paramref name="targets"/> and the model's <paramref name="outputs"/>.</summary>
    /// <param name="targets">The data's targets.</param>
    /// <param name="outputs">The model's outputs for the data's features.</param>
    /// <returns>The value.</returns>
    public double Compute(Tensor targets, Tensor outputs)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(outputs);
        return _compute(targets, outputs);
    }

    /// <summary>Why the metric cannot be computed for a model of <paramref name="outputs"/> outputs, or <see langword="null"/> when it can.</summary>
    internal string? WhyNotFor(int outputs) => _fits(outputs);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static string Suffix(Averaging averaging) => averaging switch
    {
        Averaging.Macro => "macro",
        Averaging.Micro => "micro",
        Averaging.Weighted => "weighted",
        _ => throw new ArgumentOutOfRangeException(nameof(averaging), averaging, "Unknown averaging."),
    };
}
