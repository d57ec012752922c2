using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;
using NeuralNet.Training;

namespace NeuralNet.Tests.Layers;

public sealed class DropoutTests
{
    private static Sequential Training(Dropout dropout) => new(new Dense(2, 2, seed: 1), dropout) { IsTraining = true };

    [Fact]
    public void TrainingMode_KeepsOneMinusPOfTheElements_ScaledByItsInverse()
    {
        var dropout = new Dropout(0.3f, seed: 7);
        _ = Training(dropout);
        var x = new Tensor(Enumerable.Repeat(2f, 100_000).ToArray(), 1000, 100);

        float[] y = dropout.Forward(x).AsSpan().ToArray();

        y.Should().OnlyContain(v => v == 0f || Math.Abs(v - (2f / 0.7f)) < 1e-6f);
        double kept = y.Count(v => v != 0f) / (double)y.Length;
        kept.Should().BeApproximately(0.7, 0.005, "Bernoulli(0.7) over 100 000 elements: σ ≈ 0.0015");
        y.Average().Should().BeApproximately(2f, 0.03f, "inverted dropout keeps the expected value");
    }

    [Fact]
    public void Backward_UsesTheForwardMask()
    {
        var dropout = new Dropout(0.5f, seed: 3);
        _ = Training(dropout);
        var x = new Tensor(TestData.Uniform(64, 1, 2, seed: 1), 8, 8);
        float[] y = dropout.Forward(x).AsSpan().ToArray();

        float[] dx = dropout.Backward(new Tensor(Enumerable.Repeat(1f, 64).ToArray(), 8, 8)).AsSpan().ToArray();

        for (int i = 0; i < 64; i++)
        {
            dx[i].Should().Be(y[i] == 0f ? 0f : 2f, $"element {i}: ∂y/∂x is the mask over (1 − p)");
        }
    }

    [Fact]
    public void InferenceMode_IsTheIdentity_InForwardPredictAndBackward()
    {
        var model = new Sequential(new Dense(3, 4, seed: 1), new Dropout(0.9f, seed: 1));
        var x = new Tensor(TestData.Uniform(6, -1, 1, seed: 2), 2, 3);
        var dense = new Sequential(new Dense(3, 4, seed: 1));

        model.IsTraining.Should().BeFalse("a model starts in inference mode");
        model.Forward(x).AsSpan().ToArray().Should().Equal(dense.Forward(x).AsSpan().ToArray());
        model.Predict(x).AsSpan().ToArray().Should().Equal(dense.Predict(x).AsSpan().ToArray());
        model.Layers[1].Backward(new Tensor([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], 2, 4)).AsSpan().ToArray().Should().Equal(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f);
    }

    [Fact]
    public void Trainer_DropsInTrainingStepsOnly_AndLeavesTheModelInInferenceMode()
    {
        var probe = new Dropout(0.5f, seed: 1);
        var model = new Sequential(new Dense(4, 16, seed: 1), new ReLU(), probe, new Dense(16, 3, seed: 2), new Softmax());
        Dataset data = Datasets.Iris();
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam()) { Epochs = 1 };

        float loss1 = trainer.Evaluate(data).Loss, loss2 = trainer.Evaluate(data).Loss;
        trainer.Fit(data);

        loss1.Should().Be(loss2, "evaluation runs in inference mode: no random mask");
        model.IsTraining.Should().BeFalse();
        probe.IsTraining.Should().BeFalse();
    }

    [Fact]
    public void ModelFile_KeepsTheDropoutProbability()
    {
        var model = new Sequential(new Dense(4, 3, seed: 1), new Dropout(0.35f), new Softmax());
        using var stream = new MemoryStream();
        NeuralNet.Serialization.ModelFile.Write(model, stream);
        stream.Position = 0;

        Sequential loaded = NeuralNet.Serialization.ModelFile.Read(stream);

        loaded.Layers[1].Should().BeOfType<Dropout>().Which.Probability.Should().Be(0.35f);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void Probability_OutOfRange_ThrowsNamingIt(float p)
    {
        Action create = () => _ = new Dropout(p);

        create.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("probability");
    }

    [Fact]
    public void Resume_OfANetworkWithDropout_ContinuesTheMasksBitForBit()
    {
        string folder = Directory.CreateTempSubdirectory("neuralnet-dropout-resume-").FullName;
        try
        {
            (Dataset train, Dataset validation) = Datasets.Iris().Split(0.8, seed: 1);
            Sequential Build(int seed) => new(
                new Dense(4, 16, WeightInitialization.He, seed: seed), new ReLU(), new Dropout(0.3f, seed: 5), new Dense(16, 3, seed: seed + 1), new Softmax());
            Trainer Make(Sequential model, int epochs, string? path) =>
                new(model, new CategoricalCrossEntropy(), new Adam(1e-2f)) { BatchSize = 16, Epochs = epochs, Seed = 3, CheckpointPath = path };

            Sequential straight = Build(1);
            TrainingHistory expected = Make(straight, 6, null).Fit(train, validation);
            string path = Path.Combine(folder, "dropout.ckpt");
            Make(Build(1), 3, path).Fit(train, validation);
            Sequential resumed = Build(9);
            TrainingHistory history = Make(resumed, 6, path).Resume(path, train, validation);

            resumed.Parameters.SelectMany(p => p.Value.AsSpan().ToArray()).Should().Equal(straight.Parameters.SelectMany(p => p.Value.AsSpan().ToArray()));
            history.TrainingLoss.Should().Equal(expected.TrainingLoss, "the masks of epochs 4-6 are the uninterrupted run's");
            ((Dropout)resumed.Layers[2]).GeneratorState.Should().Be(((Dropout)straight.Layers[2]).GeneratorState);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Generator_SameSeedSameMasks_OtherSeedOtherMasks_AndItsStateContinuesTheSequence()
    {
        float[] Masks(Dropout dropout)
        {
            _ = Training(dropout);
            return dropout.Forward(new Tensor(Enumerable.Repeat(1f, 64).ToArray(), 8, 8)).AsSpan().ToArray();
        }

        Masks(new Dropout(0.5f, seed: 4)).Should().Equal(Masks(new Dropout(0.5f, seed: 4)));
        Masks(new Dropout(0.5f, seed: 4)).Should().NotEqual(Masks(new Dropout(0.5f, seed: 5)));

        var first = new Dropout(0.5f, seed: 4);
        Masks(first);
        var second = new Dropout(0.5f, seed: 77) { GeneratorState = first.GeneratorState };
        Masks(second).Should().Equal(Masks(first), "a generator given another's state draws what that one draws next");
    }
}
