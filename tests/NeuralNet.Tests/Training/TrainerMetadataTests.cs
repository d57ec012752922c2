using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>What the trainer leaves in a model's metadata: names and task from the data, and the training record.</summary>
public sealed class TrainerMetadataTests
{
    private static readonly Dataset s_irisCsv = Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", "iris.csv"), target: "species");

    private static Sequential IrisNetwork() =>
        new(Standardization.Fit(s_irisCsv.Features), new Dense(4, 8, seed: 1), new ReLU(), new Dense(8, 3, seed: 2), new Softmax());

    [Fact]
    public void Fit_RecordsWhenHowLongAndHowWellTheModelWasTrained()
    {
        Sequential model = IrisNetwork();
        DateTimeOffset before = DateTimeOffset.UtcNow;
        TrainingHistory history = new Trainer(model, new CategoricalCrossEntropy(), new Adam()) { Epochs = 4 }.Fit(s_irisCsv);

        TrainingMetadata training = model.Metadata.Training!;
        training.Epochs.Should().Be(4);
        training.TrainedAt.Should().BeOnOrAfter(before).And.BeOnOrBefore(DateTimeOffset.UtcNow);
        training.LibraryVersion.Should().StartWith(typeof(Trainer).Assembly.GetName().Version!.ToString(3));
        training.FinalMetrics["loss"].Should().Be(history.TrainingLoss[^1]);
        training.FinalMetrics["accuracy"].Should().Be(history.Epochs[^1].TrainingAccuracy!.Value);
        training.FinalMetrics.Should().NotContainKey("validation_loss");
    }

    [Fact]
    public void Fit_TakesClassAndFeatureNamesFromTheCsvAndInfersTheTask()
    {
        Sequential model = IrisNetwork();
        new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 0.05f)) { Epochs = 30, Seed = 1 }.Fit(s_irisCsv);

        model.Metadata.ClassNames.Should().Equal("setosa", "versicolor", "virginica");
        model.Metadata.FeatureNames.Should().Equal("sepal_length", "sepal_width", "petal_length", "petal_width");
        model.Metadata.Task.Should().Be(ModelTask.MultiClassClassification);
        ClassPrediction setosa = model.PredictClass([5.1f, 3.5f, 1.4f, 0.2f]);
        setosa.Label.Should().Be("setosa");
        setosa.ToString().Should().StartWith("setosa (");
    }

    [Fact]
    public void Fit_KeepsNamesAndTaskTheUserSet()
    {
        Sequential model = IrisNetwork();
        model.Metadata = new ModelMetadata { ClassNames = ["a", "b", "c"], Task = ModelTask.MultiLabelClassification };
        new Trainer(model, new CategoricalCrossEntropy(), new Adam()) { Epochs = 1 }.Fit(s_irisCsv);

        model.Metadata.ClassNames.Should().Equal("a", "b", "c");
        model.Metadata.Task.Should().Be(ModelTask.MultiLabelClassification);
        model.Metadata.FeatureNames.Should().HaveCount(4, "what the user left unset is still filled in");
    }

    [Theory]
    [InlineData(1, ModelTask.BinaryClassification)]
    [InlineData(3, ModelTask.MultiLabelClassification)]
    public void Fit_WithSigmoidOutputs_InfersBinaryOrMultiLabel(int outputs, ModelTask expected)
    {
        Dataset data = new(TestDataMatrix(20, 2), new NeuralNet.Tensors.Tensor(new float[20 * outputs], 20, outputs));
        var model = new Sequential(new Dense(2, outputs, seed: 1), new Sigmoid());
        new Trainer(model, new BinaryCrossEntropy(), new Sgd()) { Epochs = 1 }.Fit(data);

        model.Metadata.Task.Should().Be(expected);
        model.Metadata.ClassNames.Should().BeNull("the data carried no names");
    }

    [Fact]
    public void Fit_OnARegression_RecordsRegressionAndNoClassNames()
    {
        var model = new Sequential(new Dense(10, 1, seed: 1), new Identity());
        var data = new Dataset(TestDataMatrix(30, 10), Support.TestData.Matrix(30, 1, seed: 4));
        new Trainer(model, new MeanSquaredError(), new Sgd()) { Epochs = 1 }.Fit(data);

        model.Metadata.Task.Should().Be(ModelTask.Regression);
        model.Metadata.ClassNames.Should().BeNull();
    }

    [Fact]
    public void PredictClass_WithoutClassNames_HasNoLabelAndPrintsTheIndex()
    {
        var model = new Sequential(new Dense(4, 3, seed: 1), new Softmax());

        ClassPrediction prediction = model.PredictClass([1f, 2f, 3f, 4f]);

        prediction.Label.Should().BeNull();
        prediction.ToString().Should().StartWith($"class {prediction.Index} (");
    }

    private static NeuralNet.Tensors.Tensor TestDataMatrix(int rows, int columns) => Support.TestData.Matrix(rows, columns, seed: 3);
}
