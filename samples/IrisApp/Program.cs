using System.Globalization;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Serialization;
using NeuralNet.Training;

if (args[0] == "train") // dotnet run -- train iris.csv iris.nnet
{
    var (train, test) = Dataset.FromCsv(args[1], target: "species").Split(0.8, seed: 1, stratify: true);
    var model = new Sequential(
        Standardization.Fit(train.Features), // scaling fitted on the training rows, saved in the model
        new Dense(4, 16, seed: 1), new ReLU(), new Dense(16, 3, seed: 2), new Softmax());
    new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 0.01f)) { Epochs = 100, Seed = 1 }.Fit(train);
    Console.WriteLine($"test accuracy {model.Accuracy(test):P1}");
    model.Save(args[2]); // with the class and feature names the CSV header gave
}
else // dotnet run -- predict iris.nnet 5.1,3.5,1.4,0.2
{
    Sequential model = ModelFile.Load(args[1]);
    float[] row = [.. args[2].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture))];
    Console.WriteLine(model.PredictClass(row)); // a raw row in: setosa (99.9 %)
}
