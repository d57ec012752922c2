using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>
/// What the trainer does when training goes wrong: divergence, data of hostile scale, targets the
/// loss does not accept — and what a synchronous epoch callback may rely on.
/// </summary>
public sealed class TrainerFailureTests
{
    private static (Dataset Train, Sequential Model) Diabetes()
    {
        (Dataset train, _) = TrainingFixtures.SplitStandardized(Datasets.Diabetes(), 0.8, seed: 1);
        var model = new Sequential(
            new Dense(10, 16, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(16, 1, WeightInitialization.Glorot, seed: 2), new Identity());
        return (train, model);
    }

    private static Sequential IrisModel() => new(
        new Dense(4, 16, WeightInitialization.He, seed: 1), new ReLU(),
        new Dense(16, 3, WeightInitialization.Glorot, seed: 2), new Softmax());

    [Fact]
    public void Fit_FullBatchDivergesAtStepOne_RestoresThePreviousEpochStartWithAFiniteLoss()
    {
        // Standardised diabetes, raw targets, SGD η = 1, one step per epoch: the loss grows by orders
        // of magnitude each step and is ∞ at step 1 of epoch 4, so epoch 4's starting weights are
        // already bad; the last weights with a finite loss are those epoch 3 started from.
        (Dataset train, Sequential model) = Diabetes();
        var atEpochEnd = new List<int[]> { TrainingFixtures.WeightBits(model) };
        var trainer = new Trainer(model, new MeanSquaredError(), new Sgd(learningRate: 1f))
        {
            BatchSize = train.Count, Epochs = 50, EpochEnded = _ => atEpochEnd.Add(TrainingFixtures.WeightBits(model)),
        };

        Action act = () => trainer.Fit(train);

        TrainingDivergedException exception = act.Should().ThrowExactly<TrainingDivergedException>().Which;
        (exception.Epoch, exception.Step, exception.RestoredEpoch).Should().Be((4, 1, 3));
        float.IsPositiveInfinity(exception.Loss).Should().BeTrue();
        TrainingFixtures.WeightBits(model).Should().Equal(atEpochEnd[2], "epoch 3 started from the weights epoch 2 ended with");
        float restored = trainer.Evaluate(train).Loss;
        float.IsFinite(restored).Should().BeTrue();
        restored.Should().Be(exception.RestoredLoss);
        exception.Message.Should().Contain("start of epoch 3").And.Contain($"{restored}").And.Contain("state was reset");
        Approx.AssertAllFinite(model.Predict(train.Features).AsSpan().ToArray(), "predictions of the restored model");
    }

    [Fact]
    public void Fit_MomentumDiverged_RetryStepEqualsAFreshOptimizersStep()
    {
        // Before the reset, the momentum buffer kept its exploded values into the retry. Now the
        // retry's first step is the one a new optimizer takes from the restored weights, bit for bit.
        (Dataset train, Sequential model) = Diabetes();
        var momentum = new Momentum(learningRate: 0.3f);
        var trainer = new Trainer(model, new MeanSquaredError(), momentum) { BatchSize = train.Count, Epochs = 50 };
        trainer.Invoking(t => t.Fit(train)).Should().Throw<TrainingDivergedException>();
        (Dataset freshData, Sequential fresh) = Diabetes();
        for (int i = 0; i < fresh.Parameters.Count; i++)
        {
            model.Parameters[i].Value.AsSpan().CopyTo(fresh.Parameters[i].Value.AsSpan());
        }

        momentum.LearningRate = 1e-3f;
        trainer.TrainBatch(train.Features, train.Targets);
        new Trainer(fresh, new MeanSquaredError(), new Momentum(learningRate: 1e-3f)).TrainBatch(freshData.Features, freshData.Targets);

        TrainingFixtures.WeightBits(model).Should().Equal(TrainingFixtures.WeightBits(fresh));
    }

    [Fact]
    public void Fit_TargetsOfOneE20_ThrowsNamingTheDataScaleNotTheLearningRate()
    {
        (Dataset train, Sequential model) = Diabetes();
        float[] targets = [.. train.Targets.AsSpan().ToArray().Select(t => t * 1e20f / 346f)];
        var data = new Dataset(train.Features, new Tensor(targets, train.Count, 1));
        float[] initial = TrainingFixtures.Weights(model);
        var trainer = new Trainer(model, new MeanSquaredError(), new Sgd(learningRate: 1e-6f)) { BatchSize = 32 };

        Action act = () => trainer.Fit(data);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("The loss is Infinity on the first batch, before any update*largest |target| 1E+20*the learning rate is not the cause*")
            .Which.ParamName.Should().Be("train");
        TrainingFixtures.Weights(model).Should().Equal(initial);
    }

    [Fact]
    public void Fit_FeaturesTimesOneE30_ThrowsNamingTheFeatureScale()
    {
        (Dataset train, Sequential model) = Diabetes();
        float[] features = [.. train.Features.AsSpan().ToArray().Select(x => x * 1e30f)];
        var data = new Dataset(new Tensor(features, train.Count, 10), train.Targets);
        var trainer = new Trainer(model, new MeanSquaredError(), new Sgd(learningRate: 1e-6f));

        Action act = () => trainer.Fit(data);

        act.Should().ThrowExactly<ArgumentException>().WithMessage("*before any update*largest |feature| *E+30*");
    }

    [Fact]
    public void TrainBatch_BinaryTargetOfTwo_ThrowsAndLeavesWeights()
    {
        var model = new Sequential(new Dense(3, 1, WeightInitialization.Glorot, seed: 1), new Sigmoid());
        var trainer = new Trainer(model, new BinaryCrossEntropy(), new Sgd(learningRate: 0.1f));
        float[] initial = TrainingFixtures.Weights(model);
        var targets = new Tensor([1f, 2f], 2, 1);

        Action act = () => trainer.TrainBatch(new Tensor([1f, 2f, 3f, 4f, 5f, 6f], 2, 3), targets);

        act.Should().Throw<ArgumentException>().WithMessage("*[0, 1]*row 1*is 2*").Which.ParamName.Should().Be("targets");
        TrainingFixtures.Weights(model).Should().Equal(initial);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void TrainBatch_NonFiniteFeature_ThrowsNamingFeatures(float bad)
    {
        var model = new Sequential(new Dense(3, 1, WeightInitialization.Glorot, seed: 1), new Identity());
        var trainer = new Trainer(model, new MeanSquaredError(), new Sgd(learningRate: 0.1f));

        Action act = () => trainer.TrainBatch(new Tensor([1f, bad, 3f], 1, 3), new Tensor([1f], 1, 1));

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("features");
    }

    [Fact]
    public void Evaluate_BinaryTargetOfTwo_ThrowsNamingData()
    {
        var model = new Sequential(new Dense(3, 1, WeightInitialization.Glorot, seed: 1), new Sigmoid());
        var trainer = new Trainer(model, new BinaryCrossEntropy(), new Sgd(learningRate: 0.1f));
        var data = new Dataset(new Tensor([1f, 2f, 3f, 4f, 5f, 6f], 2, 3), new Tensor([0f, 2f], 2, 1));

        Action act = () => trainer.Evaluate(data);

        act.Should().Throw<ArgumentException>().WithMessage("*[0, 1]*is 2*").Which.ParamName.Should().Be("data");
    }

    [Fact]
    public void EpochEnded_ChangesLearningRate_TakesEffectFromTheNextEpochBitForBit()
    {
        // One run lowers η in its callback after epoch 2; the other trains 2 epochs, lowers η by
        // hand and trains 2 more with the same optimizer. Without shuffling both must agree exactly.
        (Dataset train, _) = TrainingFixtures.SplitStandardized(Datasets.Iris(), 0.8, seed: 1);
        var calls = new List<int>();
        Sequential withCallback = IrisModel();
        var momentum = new Momentum(learningRate: 0.05f);
        new Trainer(withCallback, new CategoricalCrossEntropy(), momentum)
        {
            BatchSize = 16, Epochs = 4, Shuffle = false,
            EpochEnded = m =>
            {
                calls.Add(m.Epoch);
                if (m.Epoch == 2)
                {
                    momentum.LearningRate = 0.005f;
                }
            },
        }.Fit(train);

        Sequential byHand = IrisModel();
        var second = new Momentum(learningRate: 0.05f);
        new Trainer(byHand, new CategoricalCrossEntropy(), second) { BatchSize = 16, Epochs = 2, Shuffle = false }.Fit(train);
        second.LearningRate = 0.005f;
        new Trainer(byHand, new CategoricalCrossEntropy(), second) { BatchSize = 16, Epochs = 2, Shuffle = false }.Fit(train);

        Sequential unchanged = IrisModel();
        new Trainer(unchanged, new CategoricalCrossEntropy(), new Momentum(learningRate: 0.05f)) { BatchSize = 16, Epochs = 4, Shuffle = false }.Fit(train);

        calls.Should().Equal(1, 2, 3, 4);
        TrainingFixtures.WeightBits(withCallback).Should().Equal(TrainingFixtures.WeightBits(byHand));
        TrainingFixtures.WeightBits(withCallback).Should().NotEqual(TrainingFixtures.WeightBits(unchanged));
    }
}
