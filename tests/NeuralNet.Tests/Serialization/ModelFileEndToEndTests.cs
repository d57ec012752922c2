using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Serialization;
using NeuralNet.Tensors;
using NeuralNet.Training;
using Xunit.Abstractions;

namespace NeuralNet.Tests.Serialization;

/// <summary>
/// Issue 9's headline defect, end to end: train with the scaler inside the network, save, load as
/// another program would, and predict on a raw row — which must come back as the right, named class.
/// </summary>
public sealed class ModelFileEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nnet-e2e-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_IrisTrainedWithStandardizationLayer_ClassifiesARawSetosaRowAsSetosaByName()
    {
        // 4-16-3, ReLU, Softmax + CCE, Adam η = 0.01, batch 16, 100 epochs; 80/20 split, seed 2 —
        // LearningTests' iris set-up, with the standardisation fitted on the training split as the
        // network's first layer instead of applied to the data beforehand.
        (Dataset train, Dataset test) = Datasets.Iris().Split(0.8, seed: 2);
        var model = new Sequential(
            Standardization.Fit(train.Features),
            new Dense(4, 16, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(16, 3, WeightInitialization.Glorot, seed: 2), new Softmax());
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 0.01f))
        {
            BatchSize = 16, Epochs = 100, Seed = 1,
        };
        TrainingHistory history = trainer.Fit(train);
        EpochMetrics last = history.Epochs[^1];
        model.Metadata = new ModelMetadata
        {
            ClassNames = Datasets.IrisClassNames,
            FeatureNames = ["sepal length", "sepal width", "petal length", "petal width"],
            Task = ModelTask.MultiClassClassification,
            Training = new TrainingMetadata
            {
                TrainedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
                Epochs = history.Epochs.Count,
                LibraryVersion = typeof(Sequential).Assembly.GetName().Version!.ToString(),
                FinalMetrics = new Dictionary<string, double> { ["loss"] = last.TrainingLoss, ["accuracy"] = last.TrainingAccuracy!.Value },
            },
        };
        string path = Path.Combine(_directory, "iris.nnet");
        model.Save(path);

        Sequential loaded = ModelFile.Load(path);
        float[] probabilities = loaded.Predict(new Tensor([5.1f, 3.5f, 1.4f, 0.2f], 1, 4)).AsSpan().ToArray();
        int predicted = Array.IndexOf(probabilities, probabilities.Max());
        float rawTestAccuracy = loaded.Accuracy(test);

        output.WriteLine(
            $"raw [5.1, 3.5, 1.4, 0.2] → class {predicted} ({loaded.Metadata.ClassNames![predicted]}) " +
            $"p = [{string.Join(", ", probabilities.Select(p => p.ToString("F6", System.Globalization.CultureInfo.InvariantCulture)))}]; " +
            $"raw test accuracy {rawTestAccuracy:P1} on {test.Count}");
        loaded.InputSize.Should().Be(4);
        predicted.Should().Be(0);
        probabilities[0].Should().BeGreaterThan(0.95f);
        loaded.Metadata.ClassNames[predicted].Should().Be("setosa");
        loaded.Metadata.Should().Be(model.Metadata);
        rawTestAccuracy.Should().BeGreaterThanOrEqualTo(0.93f);
    }

    [Fact]
    public void Load_Version1Fixture_LoadsWithEmptyMetadataAndItsFirstDenseInputs()
    {
        Sequential model = ModelFile.Load(Path.Combine(AppContext.BaseDirectory, "Serialization", "Fixtures", "version1.nnet"));

        model.InputSize.Should().Be(3);
        model.Layers.OfType<Standardization>().Should().BeEmpty();
        model.Metadata.Should().Be(new ModelMetadata());
    }
}
