using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace NeuralNet.Benchmarks;

/// <summary>
/// Inference against ONNX Runtime on the same exported model (<see cref="InferencePair"/>): the
/// 784-256-128-10 ReLU MLP and a digits-shaped model (standardisation, 64-128-10), batch 1, 32 and
/// 1024, one and two threads. ONNX Runtime is the baseline of each case, so Ratio is our time ÷
/// ONNX Runtime's: below 1 is faster. Latency is the Median column; samples/s is Rows ÷ median.
/// </summary>
/// <remarks>
/// <c>Predict</c> is the call a user makes (a new output tensor per call); <c>PredictInto</c>
/// writes into the caller's tensor, as the ONNX Runtime call writes into its pre-bound output.
/// Run: <c>dotnet run -c Release --project benchmarks/NeuralNet.Benchmarks -- --filter '*InferenceBenchmarks*'</c>.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class InferenceBenchmarks : IDisposable
{
    private InferencePair? _pair;

    [Params("mlp", "digits")]
    public string Model { get; set; } = "mlp";

    [Params(1, 32, 1024)]
    public int Rows { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pair = new InferencePair(Model, Rows, Threads);
        float difference = _pair.LargestDifference();
        if (difference > 1e-5f)
        {
            throw new InvalidOperationException($"ONNX Runtime and Predict differ by {difference}: not the same computation.");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _pair?.Dispose();
        _pair = null;
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "OnnxRuntime")]
    public void OnnxRuntime() => _pair!.RunOrt();

    [Benchmark(Description = "Predict")]
    public object Predict() => _pair!.Predict();

    [Benchmark(Description = "PredictInto")]
    public object PredictInto() => _pair!.PredictInto();

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(StatisticColumn.Median);
            AddColumn(new RateColumn("samples/s", c => RateColumn.Parameter(c, nameof(Rows)), 1));
            AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByParams);
        }
    }
}
