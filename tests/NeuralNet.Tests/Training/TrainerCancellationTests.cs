using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>
/// Cancellation is seen within one training step or one 1024-row validation chunk, and the
/// finished epochs survive it. A pass-through layer counts forward passes and cancels the token
/// at a chosen one, so the tests know exactly where the token was cancelled.
/// </summary>
public sealed class TrainerCancellationTests
{
    /// <summary>Passes its input through; cancels <see cref="Source"/> on forward pass number <see cref="CancelAt"/>.</summary>
    private sealed class Tripwire(CancellationTokenSource source, int cancelAt) : Layer
    {
        public CancellationTokenSource Source { get; } = source;

        public int CancelAt { get; } = cancelAt;

        public int Calls { get; private set; }

        protected override Tensor ForwardCore(Tensor input)
        {
            if (++Calls == CancelAt)
            {
                Source.Cancel();
            }

            return input;
        }

        protected override Tensor? BackwardCore(Tensor outputGradient, bool computeInputGradient) => outputGradient;
    }

    private static (Trainer Trainer, Tripwire Tripwire, Dataset Train, Dataset Validation) Setup(CancellationTokenSource source, int cancelAt, int batchSize)
    {
        // 64 training rows; 3000 validation rows are three chunks of at most 1024.
        Dataset train = new(TestData.Matrix(64, 4, seed: 1), TestData.Matrix(64, 1, seed: 2));
        Dataset validation = new(TestData.Matrix(3000, 4, seed: 3), TestData.Matrix(3000, 1, seed: 4));
        var tripwire = new Tripwire(source, cancelAt);
        var model = new Sequential(
            new Dense(4, 8, WeightInitialization.He, seed: 1), tripwire, new ReLU(),
            new Dense(8, 1, WeightInitialization.Glorot, seed: 2), new Identity());
        var trainer = new Trainer(model, new MeanSquaredError(), new Sgd(learningRate: 0.01f))
        {
            BatchSize = batchSize, Epochs = 5, Shuffle = false,
        };
        return (trainer, tripwire, train, validation);
    }

    [Fact]
    public void Fit_CancelledDuringValidation_StopsBeforeTheNextChunkWithTheFinishedEpochs()
    {
        // Forward passes: epoch 1 = step 1, chunks 2–4; epoch 2 = step 5, chunks 6–8. Cancel at chunk 6.
        using var source = new CancellationTokenSource();
        (Trainer trainer, Tripwire tripwire, Dataset train, Dataset validation) = Setup(source, cancelAt: 6, batchSize: 64);

        Action act = () => trainer.Fit(train, validation, source.Token);

        TrainingCanceledException exception = act.Should().Throw<TrainingCanceledException>().Which;
        tripwire.Calls.Should().Be(6, "the token is checked before each validation chunk");
        exception.CancellationToken.Should().Be(source.Token);
        exception.History.Epochs.Select(e => e.Epoch).Should().Equal(1);
        exception.History.Epochs[0].ValidationLoss.Should().NotBeNull();
        exception.Message.Should().Contain("during epoch 2");
    }

    [Fact]
    public void Fit_CancelledMidEpoch_StopsBeforeTheNextStepWithTheFinishedEpochs()
    {
        // Batch 16: four steps an epoch, no validation. Forward pass 10 is epoch 3, step 2.
        using var source = new CancellationTokenSource();
        (Trainer trainer, Tripwire tripwire, Dataset train, _) = Setup(source, cancelAt: 10, batchSize: 16);

        Action act = () => trainer.Fit(train, cancellationToken: source.Token);

        TrainingCanceledException exception = act.Should().Throw<TrainingCanceledException>().Which;
        tripwire.Calls.Should().Be(10);
        exception.History.Epochs.Select(e => e.Epoch).Should().Equal(1, 2);
        exception.History.TrainingLoss.Should().HaveCount(2);
    }

    [Fact]
    public void Evaluate_CancelledAfterTheFirstChunk_ThrowsBeforeTheSecond()
    {
        using var source = new CancellationTokenSource();
        (Trainer trainer, Tripwire tripwire, _, Dataset validation) = Setup(source, cancelAt: 1, batchSize: 64);

        Action act = () => trainer.Evaluate(validation, source.Token);

        act.Should().Throw<OperationCanceledException>().Which.Should().NotBeOfType<TrainingCanceledException>();
        tripwire.Calls.Should().Be(1);
    }
}
