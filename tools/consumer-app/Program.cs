// The consumer-app check's program (tools/consumer-app/check.sh builds it outside the repository
// against the packed NeuralNet package). "train CSV MODEL ROWS" trains on a CSV with a text label
// column, saves the model and prints its predictions for the raw rows in ROWS; "predict MODEL ROWS"
// loads the model in a new process and prints the same. Probabilities are printed with their bit
// patterns, so the check can require the two processes to agree bit for bit.
using System.Globalization;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Serialization;
using NeuralNet.Training;

Sequential model;
string rowsPath;
if (args is ["train", var csv, var modelPath, var rows])
{
    var (train, test) = Dataset.FromCsv(csv, target: "species").Split(0.8, seed: 1, stratify: true);
    model = new Sequential(
        Standardization.Fit(train.Features),
        new Dense(train.FeatureCount, 16, seed: 1), new ReLU(), new Dense(16, train.TargetCount, seed: 2), new Softmax());
    new Trainer(model, new CategoricalCrossEntropy(), new Adam(learningRate: 0.01f)) { Epochs = 100, Seed = 1 }.Fit(train);
    Console.Error.WriteLine($"test accuracy {model.Accuracy(test).ToString("P1", CultureInfo.InvariantCulture)}");
    model.Save(modelPath);
    rowsPath = rows;
}
else if (args is ["predict", var modelPath2, var rows2])
{
    model = ModelFile.Load(modelPath2);
    rowsPath = rows2;
}
else
{
    Console.Error.WriteLine("usage: train CSV MODEL ROWS | predict MODEL ROWS");
    return 2;
}

foreach (string line in File.ReadLines(rowsPath).Where(l => l.Length > 0))
{
    float[] row = [.. line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture))];
    ClassPrediction chosen = model.PredictClass(row);
    float[] probabilities = model.Predict(row);
    string bits = string.Join(' ', probabilities.Select(p => BitConverter.SingleToInt32Bits(p).ToString("X8", CultureInfo.InvariantCulture)));
    Console.WriteLine($"{line} -> {chosen.Label} {chosen.Probability.ToString("R", CultureInfo.InvariantCulture)} [{bits}]");
}

return 0;
