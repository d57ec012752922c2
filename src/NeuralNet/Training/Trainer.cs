using System.Diagnostics;
using NeuralNet.Data;
using NeuralNet.Evaluation;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;

namespace NeuralNet.Training;

/// <summary>
/// Trains a network by gradient descent: one loop, parameterised by the batch size. A batch of
/// the whole dataset is batch gradient descent, a batch of 1 is stochastic gradient descent, and
/// anything between is mini-batch gradient descent.
/// </summary>
/// <remarks>
/// <para>
/// Each step: forward pass, loss, gradients (cleared, then back-propagated), one optimizer step.
/// With <see cref="Sigmoid"/> + <see cref="BinaryCrossEntropy"/> or <see cref="Softmax"/> +
/// <see cref="CategoricalCrossEntropy"/> the loss is computed from the logits and the output
/// activation's backward pass is replaced by the fused gradient (p − t)/N (see <c>OutputLoss</c>).
/// </para>
/// <para>
/// Samples are shuffled in place each epoch by a generator seeded with <see cref="Seed"/>, so the
/// same seed gives the same weights, bit for bit. The trainer never writes to the console:
/// progress goes to <see cref="EpochEnded"/>, <see cref="Progress"/> and the returned
/// <see cref="TrainingHistory"/>. Batch steps, evaluation and data checks are in
/// <c>Trainer.Batches.cs</c>; checkpoints and resuming in <c>Trainer.Checkpoints.cs</c>; divergence
/// recovery is <see cref="DivergenceGuard"/>.
/// </para>
/// <example><code>
/// var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 1e-3f))
/// {
///     BatchSize = 32, Epochs = 30, Seed = 1,
/// };
/// TrainingHistory history = trainer.Fit(train, validation: test);
/// </code></example>
/// </remarks>
public sealed partial class Trainer
{
    private const int EvaluationChunk = 1024;
    private readonly OutputLoss _objective;
    private Tensor? _batchFeatures;
    private Tensor? _batchTargets;
    private Tensor? _evaluationFeatures;
    private Tensor? _evaluationTargets;
    private double _gradientNormSum; // this epoch's global gradient norms, for EpochMetrics.GradientNorm

    /// <summary>Creates a trainer, checking that the loss fits the network's output layer.</summary>
    /// <param name="model">The network to train.</param>
    /// <param name="loss">The loss to minimise.</param>
    /// <param name="optimizer">The update rule.</param>
    /// <exception cref="ArgumentException">The loss does not fit the output layer (e.g. cross-entropy without softmax).</exception>
    public Trainer(Sequential model, Loss loss, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        loss.CheckOutputLayer(model.OutputLayer, model.OutputSize);
        Model = model;
        Loss = loss;
        Optimizer = optimizer;
        _objective = new OutputLoss(model, loss);
    }

    /// <summary>The network being trained.</summary>
    public Sequential Model { get; }

    /// <summary>The loss being minimised.</summary>
    public Loss Loss { get; }

    /// <summary>The update rule.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>
    /// Samples per step (default 32): the dataset size (or more) for batch gradient descent, 1 for
    /// stochastic, anything between for mini-batch. The last batch of an epoch may be shorter.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int BatchSize
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, nameof(BatchSize));
            field = value;
        }
    } = 32;

    /// <summary>Passes over the training data (default 10).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int Epochs
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, nameof(Epochs));
            field = value;
        }
    } = 10;

    /// <summary>The seed of the shuffling generator (default 0).</summary>
    public int Seed { get; init; }

    /// <summary>Whether to visit the samples in a new random order each epoch (default true); otherwise in dataset order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// Early stopping: stop after this many epochs without improvement of the monitored loss (the
    /// validation loss when validation data is given, else the training loss) and restore the
    /// weights of the best epoch. <see langword="null"/> (the default) trains every epoch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? Patience
    {
        get;
        init
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Patience), value, "Patience must be at least 1 epoch (or null for no early stopping).");
            }

            field = value;
        }
    }

    /// <summary>How much the monitored loss must fall to count as an improvement (default 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public float MinImprovement
    {
        get;
        init
        {
            if (!(value >= 0f && float.IsFinite(value)))
            {
                throw new ArgumentOutOfRangeException(nameof(MinImprovement), value, "MinImprovement must be finite and at least 0.");
            }

            field = value;
        }
    }

    /// <summary>
    /// Receives the metrics of each epoch as it ends. <see cref="Progress{T}"/> posts each report to
    /// a synchronization context or the thread pool, so its handler may run after the next epoch
    /// has begun (or after <see cref="Fit"/> returned); use <see cref="EpochEnded"/> to act on the
    /// training itself.
    /// </summary>
    public IProgress<EpochMetrics>? Progress { get; init; }

    /// <summary>
    /// Called synchronously on the training thread when each epoch ends (after validation, before
    /// <see cref="Progress"/> and before early stopping decides). A change it makes to
    /// <see cref="Optimizer"/>'s <see cref="Optimizer.LearningRate"/> takes effect from the first
    /// step of the next epoch, every run alike. An exception it throws ends <see cref="Fit"/>.
    /// </summary>
    /// <example><code>
    /// var trainer = new Trainer(model, loss, optimizer)
    /// {
    ///     EpochEnded = m => { if (m.Epoch % 10 == 0) optimizer.LearningRate /= 2; },
    /// };
    /// </code></example>
    public Action<EpochMetrics>? EpochEnded { get; init; }

    /// <summary>
    /// Metrics reported after every epoch in <see cref="EpochMetrics.Metrics"/>, by name — F1,
    /// precision, recall, ROC AUC, top-k accuracy, MAE, RMSE, R² (<see cref="EpochMetric"/>) — computed
    /// on the validation data, or on the training data when <see cref="Fit"/> has none, from the
    /// model's predictions in inference mode after the epoch's last step. A metric that cannot apply to
    /// the model (ROC AUC with more than one output, top-k with fewer than k) is refused before the first step.
    /// </summary>
    /// <example><code>
    /// var trainer = new Trainer(model, loss, optimizer) { Metrics = { EpochMetric.F1(Averaging.Macro) } };
    /// </code></example>
    public IList<EpochMetric> Metrics { get; } = new List<EpochMetric>();

    /// <summary>Trains for <see cref="Epochs"/> epochs (or until early stopping) and returns what each epoch measured.</summary>
    /// <param name="train">The training samples.</param>
    /// <param name="validation">Held-out samples scored after each epoch, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Checked before every step and between the chunks of a validation pass.</param>
    /// <returns>The per-epoch history.</returns>
    /// <exception cref="ArgumentException">
    /// The data does not fit the network or the loss, or its scale makes the loss overflow before
    /// any update (the message gives the largest feature and target).
    /// </exception>
    /// <exception cref="TrainingDivergedException">
    /// The loss or the weights became NaN or infinite; weights that gave a finite loss were
    /// restored and the optimizer's state was reset.
    /// </exception>
    /// <exception cref="TrainingCanceledException">
    /// The token was cancelled; the exception's history holds the finished epochs and the model keeps
    /// the weights reached so far.
    /// </exception>
    public TrainingHistory Fit(Dataset train, Dataset? validation = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        CheckData(train, nameof(train));
        if (validation is not null)
        {
            CheckData(validation, nameof(validation));
        }

        DescribeModel(train);
        var run = new Run(train.Count, Seed, Shuffle, completedEpochs: 0)
        {
            EarlyStopping = Patience is int patience ? new EarlyStopping(Model, patience, MinImprovement) : null,
        };
        return Train(run, train, validation, cancellationToken);
    }

    /// <summary>The epoch loop, from the epoch after <paramref name="run"/>'s last completed one to <see cref="Epochs"/>.</summary>
    private TrainingHistory Train(Run run, Dataset train, Dataset? validation, CancellationToken cancellationToken, uint? knownDataChecksum = null)
    {
        TrainingHistory history = run.History;
        int[] order = run.Order;
        int batchSize = Math.Min(BatchSize, train.Count);
        CheckBatchNormBatches(train.Count, batchSize);
        CheckMetrics();
        uint dataChecksum = CheckpointPath is null ? 0 : knownDataChecksum ?? Checkpoint.Fingerprint(train);
        var divergence = new DivergenceGuard(Model, Optimizer);
        EarlyStopping? earlyStopping = run.EarlyStopping;
        var stopwatch = new Stopwatch();

        for (int epoch = run.CompletedEpochs + 1; epoch <= Epochs && !history.StoppedEarly; epoch++)
        {
            stopwatch.Restart();
            divergence.EpochStarting(epoch);
            if (Shuffle)
            {
                run.Random.Shuffle(order);
            }

            double lossSum = 0;
            long correct = 0, decisions = 0;
            int step = 0;
            _gradientNormSum = 0;
            for (int start = 0; start < train.Count; start += batchSize)
            {
                ThrowIfCancelled(history, cancellationToken);
                step++;
                int rows = Math.Min(batchSize, train.Count - start);
                (Tensor x, Tensor y) = Gather(train, order.AsSpan(start, rows));
                float loss = Step(x, y, out Tensor output);
                if (!float.IsFinite(loss))
                {
                    if (epoch == 1 && step == 1)
                    {
                        throw DataScaleError(train, loss);
                    }

                    throw divergence.Recover(epoch, step, loss, () => TrainingLoss(train), DataScale(train));
                }

                if (ScheduleEachBatch)
                {
                    LearningRateSchedule?.Step();
                }

                lossSum += (double)loss * rows;
                if (Loss.IsClassification)
                {
                    (long c, long d) = NeuralNet.Training.Metrics.Count(Model, output, y);
                    correct += c;
                    decisions += d;
                }
            }

            // The last step's update can overflow although its loss, measured before it, was finite.
            if (!WeightSnapshot.AllFinite(Model))
            {
                throw divergence.Recover(epoch, step, loss: null, () => TrainingLoss(train), DataScale(train));
            }

            (float Loss, float? Accuracy)? scored = validation is null ? null : EvaluateCore(validation, history, cancellationToken);
            IReadOnlyDictionary<string, double> reported = ComputeMetrics(validation ?? train);
            stopwatch.Stop();
            var metrics = new EpochMetrics(
                epoch,
                (float)(lossSum / train.Count),
                decisions > 0 ? (float)correct / decisions : null,
                scored?.Loss,
                scored?.Accuracy,
                stopwatch.Elapsed)
            {
                GradientNorm = ClipGradientNorm is null ? null : (float)(_gradientNormSum / step),
                Metrics = reported,
            };
            history.Add(metrics);
            history.BestEpoch = epoch;
            run.CompletedEpochs = epoch;
            RecordTraining(epoch, metrics);
            EpochEnded?.Invoke(metrics);
            Progress?.Report(metrics);
            StepSchedulesAfterEpoch(metrics);

            if (earlyStopping is not null && earlyStopping.ShouldStop(epoch, metrics.ValidationLoss ?? metrics.TrainingLoss))
            {
                history.StoppedEarly = true;
            }

            if (CheckpointPath is not null)
            {
                SaveCheckpoint(run, train.Count, dataChecksum);
            }
        }

        if (earlyStopping is not null && earlyStopping.BestEpoch != history.Epochs.Count)
        {
            earlyStopping.RestoreBest();
            history.BestEpoch = earlyStopping.BestEpoch;
            if (history.BestEpoch > 0)
            {
                RecordTraining(history.Epochs.Count, history.Epochs[history.BestEpoch - 1]);
            }
        }

        return history;
    }
}
