using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>How the losses a trainer reports are averaged: per sample, over batches and chunks of any size.</summary>
public sealed class EpochLossTests
{
    private static (Sequential Model, Dataset Data) Problem(int rows)
    {
        var model = new Sequential(new Dense(5, 8, seed: 1), new Tanh(), new Dense(8, 3, seed: 2), new Softmax());
        var random = new Random(3);
        int[] labels = [.. Enumerable.Range(0, rows).Select(_ => random.Next(3))];
        return (model, Dataset.FromLabels(TestData.Matrix(rows, 5, seed: 4), labels, 3));
    }

    [Fact]
    public void Fit_OneFullBatch_ReportsTheLossMeasuredBeforeTheUpdate()
    {
        (Sequential model, Dataset data) = Problem(50);
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Sgd(0.5f)) { BatchSize = 50, Epochs = 1, Shuffle = false };
        (float before, float? accuracyBefore) = trainer.Evaluate(data);

        TrainingHistory history = trainer.Fit(data);

        history.TrainingLoss[0].Should().Be(before);
        history.Epochs[0].TrainingAccuracy.Should().Be(accuracyBefore);
        trainer.Evaluate(data).Loss.Should().BeLessThan(before, "the step was taken after the loss was measured");
    }

    [Fact]
    public void Fit_UnevenBatches_ReportsTheMeanOverSamplesNotOverBatches()
    {
        // 7 samples in batches of 3, 3 and 1: the epoch loss weighs each batch's mean loss by its rows.
        (Sequential model, Dataset data) = Problem(7);
        var probe = new Trainer(model, new CategoricalCrossEntropy(), new Sgd(1e-30f)) { BatchSize = 3, Epochs = 1, Shuffle = false };
        float[] batchLosses =
        [
            probe.Evaluate(data.Subset([0, 1, 2])).Loss,
            probe.Evaluate(data.Subset([3, 4, 5])).Loss,
            probe.Evaluate(data.Subset([6])).Loss,
        ];

        TrainingHistory history = probe.Fit(data); // η = 1e-30 leaves the weights as they were

        double expected = ((3.0 * batchLosses[0]) + (3.0 * batchLosses[1]) + batchLosses[2]) / 7;
        Approx.AssertClose([history.TrainingLoss[0]], [expected], 1e-7, 1e-6, "per-sample mean");
    }

    [Fact]
    public void Evaluate_MoreRowsThanOneChunk_IsTheMeanOverAllRows()
    {
        // Evaluate works in chunks of 1024 rows; 1500 rows leave a short last chunk.
        (Sequential model, Dataset data) = Problem(1500);
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Sgd(0.1f));
        var loss = new CategoricalCrossEntropy();
        Tensor predictions = model.Predict(data.Features);
        float whole = loss.Compute(predictions, data.Targets);

        (float chunked, float? accuracy) = trainer.Evaluate(data);

        Approx.AssertClose([chunked], [whole], 1e-6, 1e-5, "loss over 1500 rows");
        accuracy.Should().Be(model.Accuracy(data));
    }
}
