using NeuralNet.Layers;
using NeuralNet.Serialization;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Samples;

/// <summary>The README's app, run as a user would: one process trains on the CSV and saves, a second loads and classifies raw rows.</summary>
public sealed class IrisAppTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);
    private readonly string _directory = Directory.CreateTempSubdirectory("neuralnet-irisapp-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TrainThenPredictInAnotherProcess_ClassifiesRawRowsByName()
    {
        string csv = Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", "iris.csv");
        string model = Path.Combine(_directory, "iris.nnet");

        (int trained, string trainOutput, string trainError) = ChildProcess.Run("IrisApp", s_timeout, "train", csv, model);
        trained.Should().Be(0, trainError);
        trainOutput.Should().MatchRegex(@"^test accuracy (9\d|100)\.\d %\s*$");

        (int predicted, string setosa, string error) = ChildProcess.Run("IrisApp", s_timeout, "predict", model, "5.1,3.5,1.4,0.2");
        predicted.Should().Be(0, error);
        setosa.Should().StartWith("setosa (");
        ChildProcess.Run("IrisApp", s_timeout, "predict", model, "6.3,3.3,6.0,2.5").Output.Should().StartWith("virginica (");

        Sequential saved = ModelFile.Load(model);
        saved.Metadata.FeatureNames.Should().Equal("sepal_length", "sepal_width", "petal_length", "petal_width");
        saved.Layers[0].Should().BeOfType<Standardization>("raw rows are scaled inside the model");
    }
}
