using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>
/// Bad input to the trainer and its helpers: each case must throw the documented exception type
/// with a message that names the problem, before any weight changes.
/// </summary>
public sealed class TrainerValidationTests
{
    /// <summary>A 4-8-3 network ending in <paramref name="output"/>.</summary>
    private static Sequential Model(Layer output, int outputs = 3) => new(
        new Dense(4, 8, WeightInitialization.Glorot, seed: 1), new Tanh(),
        new Dense(8, outputs, WeightInitialization.Glorot, seed: 2), output);

    private static Trainer SoftmaxTrainer() =>
        new(Model(new Softmax()), new CategoricalCrossEntropy(), new Sgd(learningRate: 0.1f));

    private static Trainer SigmoidTrainer(int outputs = 1) =>
        new(Model(new Sigmoid(), outputs), new BinaryCrossEntropy(), new Sgd(learningRate: 0.1f));

    /// <summary>Six samples of <paramref name="features"/> features with one-hot targets over <paramref name="classes"/> classes.</summary>
    private static Dataset OneHot(int features = 4, int classes = 3) =>
        Dataset.FromLabels(TestData.Matrix(6, features, seed: 1), [0, 1, 2 % classes, 0, 1, 2 % classes], classes);

    [Fact]
    public void Fit_WrongFeatureCount_ThrowsNamingBothCounts()
    {
        Trainer trainer = SoftmaxTrainer();

        Action act = () => trainer.Fit(OneHot(features: 5));

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("train")
            .WithMessage("*5 features*expects 4*");
    }

    [Fact]
    public void Fit_ValidationWithWrongFeatureCount_ThrowsNamingValidation()
    {
        Trainer trainer = SoftmaxTrainer();

        Action act = () => trainer.Fit(OneHot(), OneHot(features: 3));

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("validation")
            .WithMessage("*validation*3 features*expects 4*");
    }

    [Fact]
    public void Fit_WrongTargetColumnCount_ThrowsNamingBothCounts()
    {
        Trainer trainer = SoftmaxTrainer();

        Action act = () => trainer.Fit(OneHot(classes: 2));

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("train")
            .WithMessage("*2 target columns*outputs 3*");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Fit_NonFiniteFeatureAddedAfterDatasetCreation_ThrowsNamingPosition(float bad)
    {
        Dataset data = OneHot();
        data.Features[2, 3] = bad;
        Trainer trainer = SoftmaxTrainer();
        int[] before = TrainingFixtures.WeightBits(trainer.Model);

        Action act = () => trainer.Fit(data);

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("train.Features")
            .WithMessage("*train.Features*row 2, column 3*finite*");
        TrainingFixtures.WeightBits(trainer.Model).Should().Equal(before);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Fit_NonFiniteTargetAddedAfterDatasetCreation_ThrowsNamingPosition(float bad)
    {
        Dataset data = OneHot();
        data.Targets[4, 1] = bad;
        Trainer trainer = SoftmaxTrainer();

        Action act = () => trainer.Fit(data);

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("train.Targets")
            .WithMessage("*train.Targets*row 4, column 1*finite*");
    }

    [Fact]
    public void Fit_NonFiniteValidationFeature_ThrowsNamingValidation()
    {
        Dataset validation = OneHot();
        validation.Features[0, 0] = float.NaN;
        Trainer trainer = SoftmaxTrainer();

        Action act = () => trainer.Fit(OneHot(), validation);

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("validation.Features")
            .WithMessage("*validation.Features*row 0, column 0*finite*");
    }

    [Theory]
    [InlineData(2f)]
    [InlineData(-0.5f)]
    public void Fit_BinaryTargetOutsideUnitInterval_ThrowsNamingValueAndPosition(float bad)
    {
        var targets = new Tensor([0f, 1f, 1f, 0f, 1f, 0f], 6, 1);
        targets[3, 0] = bad;
        var data = new Dataset(TestData.Matrix(6, 4, seed: 1), targets);
        Trainer trainer = SigmoidTrainer();

        Action act = () => trainer.Fit(data);

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("train")
            .WithMessage("*[0, 1]*row 3, column 0*");
    }

    [Fact]
    public void Fit_CategoricalTargetsNotSummingToOne_ThrowsNamingRowAndSum()
    {
        Dataset data = OneHot();
        data.Targets[1, 0] = 0.5f; // row 1 was [0, 1, 0]; now it sums to 1.5
        Trainer trainer = SoftmaxTrainer();

        Action act = () => trainer.Fit(data);

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("train")
            .WithMessage("*sum*1*row 1 sums to 1.5*");
    }

    [Fact]
    public void Fit_CategoricalTargetNegative_ThrowsNamingRow()
    {
        Dataset data = OneHot();
        data.Targets[5, 0] = -1f;
        data.Targets[5, 1] = 1f; // row 5 is [−1, 1, 1]: sums to 1, but holds a negative
        Trainer trainer = SoftmaxTrainer();

        Action act = () => trainer.Fit(data);

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("train")
            .WithMessage("*non-negative*row 5*");
    }

    [Fact]
    public void Constructor_CategoricalCrossEntropyOnSigmoid_ThrowsNamingBoth()
    {
        Action act = () => _ = new Trainer(Model(new Sigmoid()), new CategoricalCrossEntropy(), new Sgd());

        act.Should().ThrowExactly<ArgumentException>().WithMessage("*CategoricalCrossEntropy*Softmax*Sigmoid*");
    }

    [Fact]
    public void Constructor_BinaryCrossEntropyOnSoftmax_ThrowsNamingBoth()
    {
        Action act = () => _ = new Trainer(Model(new Softmax()), new BinaryCrossEntropy(), new Sgd());

        act.Should().ThrowExactly<ArgumentException>().WithMessage("*BinaryCrossEntropy*Sigmoid*Softmax*");
    }

    [Fact]
    public void Constructor_CategoricalCrossEntropyOnOneOutputSoftmax_ThrowsExplainingSingleOutput()
    {
        Action act = () => _ = new Trainer(Model(new Softmax(), outputs: 1), new CategoricalCrossEntropy(), new Sgd());

        act.Should().ThrowExactly<ArgumentException>().WithMessage("*single output*");
    }

    [Fact]
    public void Constructor_NullArguments_ThrowArgumentNull()
    {
        Sequential model = Model(new Softmax());

        ((Action)(() => _ = new Trainer(null!, new CategoricalCrossEntropy(), new Sgd())))
            .Should().ThrowExactly<ArgumentNullException>().WithParameterName("model");
        ((Action)(() => _ = new Trainer(model, null!, new Sgd())))
            .Should().ThrowExactly<ArgumentNullException>().WithParameterName("loss");
        ((Action)(() => _ = new Trainer(model, new CategoricalCrossEntropy(), null!)))
            .Should().ThrowExactly<ArgumentNullException>().WithParameterName("optimizer");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void BatchSize_NotPositive_ThrowsNamingBatchSize(int value)
    {
        Action act = () => _ = new Trainer(Model(new Softmax()), new CategoricalCrossEntropy(), new Sgd()) { BatchSize = value };

        act.Should().ThrowExactly<ArgumentOutOfRangeException>().WithParameterName("BatchSize");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Epochs_NotPositive_ThrowsNamingEpochs(int value)
    {
        Action act = () => _ = new Trainer(Model(new Softmax()), new CategoricalCrossEntropy(), new Sgd()) { Epochs = value };

        act.Should().ThrowExactly<ArgumentOutOfRangeException>().WithParameterName("Epochs");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Patience_NotPositive_ThrowsNamingPatience(int value)
    {
        Action act = () => _ = new Trainer(Model(new Softmax()), new CategoricalCrossEntropy(), new Sgd()) { Patience = value };

        act.Should().ThrowExactly<ArgumentOutOfRangeException>().WithParameterName("Patience")
            .WithMessage("*Patience must be at least 1*");
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void MinImprovement_NegativeOrNotFinite_ThrowsNamingMinImprovement(float value)
    {
        Action act = () => _ = new Trainer(Model(new Softmax()), new CategoricalCrossEntropy(), new Sgd()) { MinImprovement = value };

        act.Should().ThrowExactly<ArgumentOutOfRangeException>().WithParameterName("MinImprovement").WithMessage("MinImprovement must be finite and at least 0.*");
    }

    [Fact]
    public void TrainBatch_MismatchedRows_ThrowsNamingBothShapes()
    {
        Trainer trainer = SoftmaxTrainer();

        Action act = () => trainer.TrainBatch(new Tensor(4, 4), new Tensor(3, 3));

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("targets")
            .WithMessage("*[4, 4]*[3, 3]*same*number of rows*");
    }

    [Fact]
    public void TrainBatch_ZeroRows_Throws()
    {
        Trainer trainer = SoftmaxTrainer();

        Action act = () => trainer.TrainBatch(new Tensor(0, 4), new Tensor(0, 3));

        act.Should().ThrowExactly<ArgumentException>().WithMessage("*non-zero number of rows*");
    }

    [Fact]
    public void TrainBatch_WrongFeatureCount_ThrowsNamingBothCounts()
    {
        Trainer trainer = SoftmaxTrainer();
        var targets = new Tensor(2, 3);
        targets[0, 0] = 1f;
        targets[1, 2] = 1f;

        Action act = () => trainer.TrainBatch(new Tensor(2, 6), targets);

        act.Should().ThrowExactly<ArgumentException>().WithMessage("*6 features*expects 4*");
    }

    [Fact]
    public void Evaluate_WrongTargetColumnCount_ThrowsNamingBothCounts()
    {
        Trainer trainer = SoftmaxTrainer();

        Action act = () => trainer.Evaluate(OneHot(classes: 4));

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("data")
            .WithMessage("*4 target columns*outputs 3*");
    }

    [Fact]
    public void Accuracy_MismatchedOutputWidth_ThrowsNamingBothWidths()
    {
        Sequential model = Model(new Softmax());

        Action act = () => model.Accuracy(OneHot(classes: 2));

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("data")
            .WithMessage("*outputs 3 values*2 columns*");
    }

    [Fact]
    public void Accuracy_WrongFeatureCount_ThrowsArgumentException()
    {
        Sequential model = Model(new Softmax());

        Action act = () => model.Accuracy(OneHot(features: 7));

        act.Should().Throw<ArgumentException>().WithMessage("*7 columns*expects 4*");
    }
}
