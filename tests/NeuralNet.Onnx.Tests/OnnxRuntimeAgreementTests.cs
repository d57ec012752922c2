using NeuralNet.Layers;
using NeuralNet.Onnx.Tests.Support;
using NeuralNet.Tensors;
using Xunit.Abstractions;

namespace NeuralNet.Onnx.Tests;

/// <summary>
/// Every example model, exported and run by ONNX Runtime, gives what the library's own
/// <see cref="Sequential.Predict(Tensor)"/> and <see cref="Sequential.PredictClass(Tensor)"/> give.
/// </summary>
public sealed class OnnxRuntimeAgreementTests(ITestOutputHelper output)
{
    /// <summary>The largest difference allowed between ONNX Runtime's outputs and the library's.</summary>
    private const double Tolerance = 1e-5;

    public static TheoryData<string> Models => ExampleModels.Names;

    [Theory]
    [MemberData(nameof(Models))]
    public void ExportOnnx_RunByOnnxRuntime_MatchesPredictAtBatchOneAndThousand(string name)
    {
        ExampleModel example = ExampleModels.Get(name);
        Sequential model = example.Build();
        using OnnxRuntimeModel onnx = OnnxRuntimeModel.Export(model, name);

        foreach (int rows in new[] { 1, 1000 })
        {
            Tensor x = example.Inputs(model, rows, seed: rows);
            Tensor expected = model.Predict(x);
            Dictionary<string, (double[] Values, long[] Shape)> outputs = onnx.Run(x);

            bool regression = !outputs.ContainsKey(OnnxExport.LabelName);
            (double[] values, long[] shape) = outputs[regression ? OnnxExport.OutputName : OnnxExport.ProbabilitiesName];
            shape.Should().Equal(rows, expected.Columns);
            double difference = MaxDifference(values, expected.AsSpan());
            output.WriteLine($"{name}, batch {rows}: largest |ORT − Predict| = {difference:E2}");
            difference.Should().BeLessThanOrEqualTo(Tolerance, $"ONNX Runtime's outputs of {name} at batch {rows} must match Predict");

            if (!regression)
            {
                CheckLabels(model, x, expected, outputs[OnnxExport.LabelName], name);
            }
        }
    }

    [Fact]
    public void ExportOnnx_Standardization_IsBitForBitTheLibrarysArithmetic()
    {
        // Sub then Div are single IEEE operations on both sides, so nothing may differ at all: a
        // multiplication by a stored 1/σ would round differently and fail here.
        var model = new Sequential(new Standardization([50f, 47.3f, 52.1f, 49.9f, 51.7f], [10f, 9.3f, 11.7f, 0.7f, 13.1f]), new Identity());
        Tensor x = new ExampleModel("standardization", () => model, Low: 20, High: 80).Inputs(model, 1000, seed: 3);
        using OnnxRuntimeModel onnx = OnnxRuntimeModel.Export(model, "standardization");

        double[] actual = onnx.Run(x)[OnnxExport.OutputName].Values;

        actual.Should().Equal(model.Predict(x).AsSpan().ToArray().Select(v => (double)v));
    }

    private static double MaxDifference(double[] actual, ReadOnlySpan<float> expected)
    {
        actual.Length.Should().Be(expected.Length);
        double largest = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(actual[i] - expected[i]));
        }

        return largest;
    }

    /// <summary>
    /// The label output equals the library's decision wherever that decision is clear: a
    /// probability within the tolerance of 0.5, or two top classes within it of each other, may
    /// legitimately fall either way when the two sides' last bits differ.
    /// </summary>
    private void CheckLabels(Sequential model, Tensor x, Tensor probabilities, (double[] Values, long[] Shape) label, string name)
    {
        int rows = x.Rows, columns = probabilities.Columns;
        int compared = 0;
        if (model.OutputLayer is Sigmoid && columns > 1)
        {
            // Multi-label: one 0/1 per column, p ≥ 0.5 as Accuracy decides it (PredictClass refuses these models).
            label.Shape.Should().Equal(rows, columns);
            for (int i = 0; i < label.Values.Length; i++)
            {
                float p = probabilities.AsSpan()[i];
                if (Math.Abs(p - 0.5) > Tolerance)
                {
                    label.Values[i].Should().Be(p >= 0.5f ? 1 : 0, $"{name}: label {i % columns} of row {i / columns} (p = {p})");
                    compared++;
                }
            }
        }
        else
        {
            label.Shape.Should().Equal(rows);
            IReadOnlyList<ClassPrediction> chosen = model.PredictClass(x);
            for (int r = 0; r < rows; r++)
            {
                if (IsClear(probabilities.Row(r)))
                {
                    label.Values[r].Should().Be(chosen[r].Index, $"{name}: row {r}");
                    compared++;
                }
            }
        }

        output.WriteLine($"{name}, batch {rows}: {compared} of {label.Values.Length} labels clear of a tie, all equal");
        compared.Should().BeGreaterThan(label.Values.Length / 2, "most decisions are clear of a tie");
    }

    private static bool IsClear(ReadOnlySpan<float> p)
    {
        if (p.Length == 1)
        {
            return Math.Abs(p[0] - 0.5) > Tolerance;
        }

        float[] sorted = [.. p];
        Array.Sort(sorted);
        return sorted[^1] - sorted[^2] > 2 * Tolerance;
    }
}
