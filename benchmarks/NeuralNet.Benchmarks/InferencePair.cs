using Microsoft.ML.OnnxRuntime;
using NeuralNet.Kernels;
using NeuralNet.Layers;
using NeuralNet.Onnx;
using NeuralNet.Tensors;

namespace NeuralNet.Benchmarks;

/// <summary>
/// One network two ways: our <see cref="Sequential"/> and ONNX Runtime running the ONNX model we
/// export from it, with the same seeded input batch, so that both compute the same probabilities.
/// ONNX Runtime is driven through its fastest managed call: input and output tensors allocated once
/// over pinned buffers (<see cref="OrtValue.CreateTensorValueFromMemory{T}(T[], long[])"/>), only the
/// <c>probabilities</c> output requested, and a reused <see cref="RunOptions"/>.
/// </summary>
internal sealed class InferencePair : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;
    private readonly string[] _inputNames = [OnnxExport.InputName];
    private readonly string[] _outputNames = [OnnxExport.ProbabilitiesName];
    private readonly float[] _ortOutput;
    private readonly string _directory;

    /// <summary>Builds the model, exports it, opens an ONNX Runtime session with <paramref name="threads"/> intra-op threads and sets our kernels' thread count to match.</summary>
    public InferencePair(string model, int rows, int threads)
    {
        Model = model switch
        {
            "mlp" => new Sequential(
                new Dense(784, 256, WeightInitialization.He, seed: 1), new ReLU(),
                new Dense(256, 128, WeightInitialization.He, seed: 2), new ReLU(),
                new Dense(128, 10, seed: 3), new Softmax()),
            "digits" => new Sequential(
                new Standardization(Enumerable.Repeat(4.9f, 64).ToArray(), Enumerable.Repeat(6.0f, 64).ToArray()),
                new Dense(64, 128, WeightInitialization.He, seed: 1), new ReLU(),
                new Dense(128, 10, seed: 2), new Softmax()),
            _ => throw new ArgumentOutOfRangeException(nameof(model), model, "mlp or digits"),
        };
        int features = Model.InputSize!.Value, outputs = Model.OutputSize!.Value;
        Input = new Tensor(BenchmarkData.Uniform(rows * features, seed: 4), rows, features);
        Output = new Tensor(rows, outputs);
        _ortOutput = new float[rows * outputs];

        _directory = Directory.CreateTempSubdirectory("neuralnet-ort-").FullName;
        string path = Path.Combine(_directory, model + ".onnx");
        Model.ExportOnnx(path);
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        if (!SpinningAllowed)
        {
            // After each run ONNX Runtime's pool spins for a while by default: in alternating rounds
            // its threads then take the second core from the call timed next (ours).
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }

        _session = new InferenceSession(path, options);
        _inputs = [OrtValue.CreateTensorValueFromMemory(Input.AsSpan().ToArray(), [rows, features])];
        _outputs = [OrtValue.CreateTensorValueFromMemory(_ortOutput, [rows, outputs])];
        Parallelism.MaxDegreeOfParallelism = threads;
    }

    /// <summary>Whether ONNX Runtime's intra-op threads may spin between runs (its default); <c>--ort --no-spin</c> turns it off.</summary>
    public static bool SpinningAllowed { get; set; } = true;

    public Sequential Model { get; }

    public Tensor Input { get; }

    public Tensor Output { get; }

    /// <summary>ONNX Runtime's probabilities from the last <see cref="RunOrt"/>.</summary>
    public ReadOnlySpan<float> OrtOutput => _ortOutput;

    /// <summary>Our prediction into a new tensor, as a user calls it.</summary>
    public Tensor Predict() => Model.Predict(Input);

    /// <summary>Our prediction into a caller's tensor.</summary>
    public Tensor PredictInto() => Model.Predict(Input, Output);

    /// <summary>ONNX Runtime's run into the pre-bound output.</summary>
    public void RunOrt() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    /// <summary>The largest |ours − ONNX Runtime| over the batch (both computed once more).</summary>
    public float LargestDifference()
    {
        RunOrt();
        ReadOnlySpan<float> ours = Predict().AsSpan(), theirs = OrtOutput;
        float largest = 0f;
        for (int i = 0; i < ours.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(ours[i] - theirs[i]));
        }

        return largest;
    }

    public void Dispose()
    {
        foreach (OrtValue value in _inputs.Concat(_outputs))
        {
            value.Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
        Parallelism.MaxDegreeOfParallelism = Environment.ProcessorCount;
        Directory.Delete(_directory, recursive: true);
    }
}
