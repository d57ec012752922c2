using System.Globalization;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--ort</c> mode: our <c>Predict</c> against ONNX Runtime on the same exported model
/// (<see cref="InferencePair"/>), in alternating rounds in one process, medians — a quick table
/// for working on inference speed; <see cref="InferenceBenchmarks"/> gives the figures to quote.
/// </summary>
internal static class OrtHarness
{
    private const int Rounds = 21;

    public static int Run(TextWriter output)
    {
        output.WriteLine("Predict against ONNX Runtime on the model we export; alternating rounds, medians; ratio = ONNX Runtime time / ours (> 1: we are faster)");
        output.WriteLine($"{"model",7} {"rows",5} {"threads",7} {"ours µs",9} {"ORT µs",9} {"ratio",6} {"into µs",9} {"ratio",6} {"ours/s",10} {"ORT/s",10} {"max |Δ|",9}");
        foreach (string model in new[] { "mlp", "digits" })
        {
            foreach (int threads in new[] { 1, 2 })
            {
                foreach (int rows in new[] { 1, 32, 1024 })
                {
                    using var pair = new InferencePair(model, rows, threads);
                    float difference = pair.LargestDifference();
                    int calls = Math.Max(2, 20_000 / (rows * (model == "mlp" ? 8 : 1)));
                    (double ours, double ort, _) = SideBySide.Compare(() => pair.Predict(), pair.RunOrt, calls, Rounds);
                    (double into, double ort2, _) = SideBySide.Compare(() => pair.PredictInto(), pair.RunOrt, calls, Rounds);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{model,7} {rows,5} {threads,7} {ours * 1000,9:F1} {ort * 1000,9:F1} {ort / ours,6:F2} {into * 1000,9:F1} {ort2 / into,6:F2} {rows / ours * 1000,10:F0} {rows / ort * 1000,10:F0} {difference,9:G2}"));
                }
            }
        }

        return 0;
    }
}
