using NeuralNet.Layers;
using NeuralNet.Tensors;
using NeuralNet.Training;

namespace NeuralNet.Tests.Layers;

/// <summary>Argument checks every layer and the trainer's batch entry points share.</summary>
public sealed class LayerContractTests
{
    public static TheoryData<string> Layers => ["dense", "sigmoid", "relu", "softmax"];

    private static Layer Create(string name) => name switch
    {
        "dense" => new Dense(2, 2, seed: 1),
        "sigmoid" => new Sigmoid(),
        "relu" => new ReLU(),
        _ => new Softmax(),
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void ForwardAndBackward_Null_ThrowArgumentNullException(string name)
    {
        Layer layer = Create(name);
        layer.Forward(new Tensor(1, 2));

        ((Action)(() => layer.Forward(null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => layer.Backward(null!))).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Trainer_PatienceOfOne_IsAccepted()
    {
        var trainer = new Trainer(new Sequential(new Dense(2, 1, seed: 1), new Sigmoid()), new NeuralNet.Losses.BinaryCrossEntropy(), new NeuralNet.Optimizers.Sgd())
        {
            Patience = 1,
        };

        trainer.Patience.Should().Be(1);
    }

    [Fact]
    public void TrainBatch_NullOrVectorArguments_AreRefused()
    {
        var trainer = new Trainer(new Sequential(new Dense(2, 1, seed: 1), new Sigmoid()), new NeuralNet.Losses.BinaryCrossEntropy(), new NeuralNet.Optimizers.Sgd());
        var x = new Tensor(3, 2);
        var y = new Tensor(3, 1);

        ((Action)(() => trainer.TrainBatch(null!, y))).Should().Throw<ArgumentNullException>();
        ((Action)(() => trainer.TrainBatch(x, null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => trainer.TrainBatch(new Tensor(2), y))).Should().Throw<ArgumentException>().WithMessage("*must be matrices*");
        ((Action)(() => trainer.TrainBatch(x, new Tensor(3)))).Should().Throw<ArgumentException>().WithMessage("*must be matrices*");
        ((Action)(() => trainer.Evaluate(null!))).Should().Throw<ArgumentNullException>();
    }
}
