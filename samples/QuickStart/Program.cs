// The README's quick start, verbatim between the markers (a test checks that they agree): a
// multi-class classifier of 8×8 hand-written digits (UCI, embedded in the library), trained
// with softmax + categorical cross-entropy and Adam, then saved.
using System.Diagnostics;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Serialization;
using NeuralNet.Training;

var stopwatch = Stopwatch.StartNew();

// README:begin
var (trainAll, test) = Datasets.Digits().Split(0.8, seed: 1);
var (train, validation) = trainAll.Split(0.9, seed: 2); // validation from the training data; test kept for the end
var scaler = Standardizer.Fit(train.Features);         // statistics of the training split only
(train, validation, test) = (scaler.Transform(train), scaler.Transform(validation), scaler.Transform(test));

var model = new Sequential(
    new Dense(64, 128, WeightInitialization.He, seed: 1), new ReLU(),
    new Dense(128, 10, seed: 2), new Softmax());

var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 1e-3f))
{
    BatchSize = 32, Epochs = 30, Seed = 1,
};
TrainingHistory history = trainer.Fit(train, validation: validation);
Console.WriteLine($"test accuracy {model.Accuracy(test):P1}");
model.Save("digits.nnet");
// README:end

foreach (EpochMetrics e in history.Epochs.Where(e => e.Epoch % 5 == 0))
{
    Console.WriteLine($"epoch {e.Epoch,2}: training loss {e.TrainingLoss:F4}, validation loss {e.ValidationLoss:F4}, validation accuracy {e.ValidationAccuracy:P1}");
}

Console.WriteLine($"{train.Count} training, {validation.Count} validation and {test.Count} test samples; {model.ParameterCount} parameters; {stopwatch.Elapsed.TotalSeconds:F1} s in all");
