// The native-AOT part of the consumer-app check (tools/consumer-app/check.sh publishes it with
// native AOT at two instruction sets and also runs it under the JIT). "predict MODEL ROWS" loads a
// model saved by the consumer app and prints its predictions as that app does; "step" times the
// training step of the 784-256-128-10 MLP (Adam) at batch 32, 128 and 1024 on one thread and
// prints samples/s, so the check can set the AOT build's speed against the JIT's.
using System.Diagnostics;
using System.Globalization;
using NeuralNet.Kernels;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Serialization;
using NeuralNet.Tensors;
using NeuralNet.Training;

var clock = Stopwatch.StartNew();
if (args is ["predict", var modelPath, var rowsPath])
{
    Sequential model = ModelFile.Load(modelPath);
    foreach (string line in File.ReadLines(rowsPath).Where(l => l.Length > 0))
    {
        float[] row = [.. line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture))];
        ClassPrediction chosen = model.PredictClass(row);
        string probabilities = string.Join(' ', model.Predict(row).Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
        Console.WriteLine($"{line} -> {chosen.Label} [{probabilities}]");
    }

    Console.Error.WriteLine($"start to last prediction: {clock.Elapsed.TotalMilliseconds:F1} ms");
    return 0;
}

if (args is ["step"])
{
    Parallelism.MaxDegreeOfParallelism = 1;
    var random = new Random(1);
    foreach (int batch in new[] { 32, 128, 1024 })
    {
        var model = new Sequential(
            new Dense(784, 256, WeightInitialization.He, seed: 1), new ReLU(),
            new Dense(256, 128, WeightInitialization.He, seed: 2), new ReLU(),
            new Dense(128, 10, seed: 3), new Softmax());
        var trainer = new Trainer(model, new CategoricalCrossEntropy(), new Adam());
        float[] x = new float[batch * 784], y = new float[batch * 10];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.NextSingle();
        }

        for (int r = 0; r < batch; r++)
        {
            y[(r * 10) + random.Next(10)] = 1f;
        }

        var features = new Tensor(x, batch, 784);
        var targets = new Tensor(y, batch, 10);
        int steps = Math.Max(5, 60_000 / batch);
        for (int i = 0; i < steps; i++)
        {
            trainer.TrainBatch(features, targets); // warm-up (the JIT's tiers; AOT has none)
        }

        var rates = new List<double>();
        for (int round = 0; round < 5; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < steps; i++)
            {
                trainer.TrainBatch(features, targets);
            }

            rates.Add(steps * batch / Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        rates.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch {batch} {rates[2]:F0}"));
    }

    return 0;
}

Console.Error.WriteLine("usage: predict MODEL ROWS | step");
return 2;
