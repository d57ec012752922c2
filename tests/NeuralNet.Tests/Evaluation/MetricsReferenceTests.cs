using System.Globalization;
using System.Text.Json;
using NeuralNet.Evaluation;
using NeuralNet.Tests.TestVectors;
using Xunit.Abstractions;

namespace NeuralNet.Tests.Evaluation;

/// <summary>
/// The metrics against scikit-learn's values in the three v2 metrics reference files
/// (TestVectors/README.md, "kind = metrics").
/// </summary>
/// <remarks>
/// Golden source: <c>gen_vectors_v2.py (…; scikit-learn 1.2.1)</c>, e.g.
/// <c>precision_recall_fscore_support(y_true, y_pred, average="macro", zero_division=0)</c>,
/// <c>roc_auc_score(y_true, y_score)</c>, <c>r2_score(y_true, y_pred, multioutput="raw_values")</c>.
/// Metrics are plain float64 arithmetic ("Tolerances (v2)": agreement to ~1e-12 relative) and the files
/// keep 12 significant digits, so the bound is |actual − expected| ≤ 1e-12 + 1e-12·|expected|: the
/// rounding of the file itself is at most 5e-13·|expected|. Inputs are parsed as double (the regression
/// case goes through the double[,] overloads), since float32 inputs would already differ by ~1e-8.
/// </remarks>
public sealed class MetricsReferenceTests(ITestOutputHelper output)
{
    private const double Absolute = 1e-12;
    private const double Relative = 1e-12;

    private readonly List<string> _failures = [];
    private double _worstRatio;
    private int _values;

    [Fact]
    public void Multiclass_ReferenceCase_MatchesScikitLearn()
    {
        JsonElement root = TestVectorFile.Load("v2_metrics_multiclass.json").Root, expected = root.GetProperty("expected");
        int[] yTrue = Ints(root.GetProperty("y_true")), yPred = Ints(root.GetProperty("y_pred"));

        var matrix = ConfusionMatrix.FromLabels(yTrue, yPred);

        matrix.Labels.Should().Equal(Ints(root.GetProperty("labels")));
        matrix.ToArray().Cast<long>().Should().Equal(TestVectorFile.Doubles(expected.GetProperty("confusion_matrix")).Select(v => (long)v));
        Enumerable.Range(0, matrix.ClassCount).Select(matrix.Support).Should()
            .Equal(TestVectorFile.Doubles(expected.GetProperty("support_per_class")).Select(v => (long)v));
        Check("accuracy", ClassificationMetrics.Accuracy(yTrue, yPred), expected);
        foreach ((string name, Averaging averaging) in new[] { ("macro", Averaging.Macro), ("micro", Averaging.Micro), ("weighted", Averaging.Weighted) })
        {
            Check($"precision_{name}", ClassificationMetrics.Precision(yTrue, yPred, averaging), expected);
            Check($"recall_{name}", ClassificationMetrics.Recall(yTrue, yPred, averaging), expected);
            Check($"f1_{name}", ClassificationMetrics.F1(yTrue, yPred, averaging), expected);
        }

        Check("precision_per_class", ClassificationMetrics.PrecisionPerClass(matrix), expected);
        Check("recall_per_class", ClassificationMetrics.RecallPerClass(matrix), expected);
        Check("f1_per_class", ClassificationMetrics.F1PerClass(matrix), expected);
        Report();
    }

    [Fact]
    public void RocAuc_ReferenceCaseWithTie_MatchesScikitLearn()
    {
        JsonElement root = TestVectorFile.Load("v2_metrics_roc_auc.json").Root;

        double auc = ClassificationMetrics.RocAuc(Ints(root.GetProperty("y_true")), TestVectorFile.Floats(root.GetProperty("y_score")));

        Check("roc_auc", auc, root.GetProperty("expected"));
        Report();
    }

    [Fact]
    public void Regression_MultiOutputReferenceCase_MatchesScikitLearn()
    {
        JsonElement root = TestVectorFile.Load("v2_metrics_regression_multioutput.json").Root, expected = root.GetProperty("expected");
        double[,] yTrue = Matrix(root, "y_true"), yPred = Matrix(root, "y_pred");

        Check("mae", RegressionMetrics.MeanAbsoluteError(yTrue, yPred), expected);
        Check("mse", RegressionMetrics.MeanSquaredError(yTrue, yPred), expected);
        Check("rmse", RegressionMetrics.RootMeanSquaredError(yTrue, yPred), expected);
        Check("r2", RegressionMetrics.RSquared(yTrue, yPred), expected);
        Check("mae_raw_values", RegressionMetrics.MeanAbsoluteErrorPerOutput(yTrue, yPred), expected);
        Check("mse_raw_values", RegressionMetrics.MeanSquaredErrorPerOutput(yTrue, yPred), expected);
        Check("rmse_raw_values", RegressionMetrics.RootMeanSquaredErrorPerOutput(yTrue, yPred), expected);
        Check("r2_raw_values", RegressionMetrics.RSquaredPerOutput(yTrue, yPred), expected);
        Report();
    }

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    private static double[,] Matrix(JsonElement root, string key)
    {
        int[] shape = TestVectorFile.Shape(root, key);
        double[] flat = TestVectorFile.Doubles(root.GetProperty(key));
        var matrix = new double[shape[0], shape[1]];
        Buffer.BlockCopy(flat, 0, matrix, 0, flat.Length * sizeof(double));
        return matrix;
    }

    private void Check(string key, double actual, JsonElement expected) => Check(key, [actual], expected);

    private void Check(string key, IReadOnlyList<double> actual, JsonElement expected)
    {
        double[] reference = TestVectorFile.Doubles(expected.GetProperty(key));
        actual.Should().HaveCount(reference.Length, key);
        for (int i = 0; i < reference.Length; i++)
        {
            double bound = Absolute + (Relative * Math.Abs(reference[i]));
            double ratio = Math.Abs(actual[i] - reference[i]) / bound;
            _worstRatio = Math.Max(_worstRatio, ratio);
            _values++;
            if (!(ratio <= 1))
            {
                _failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}[{i}]: expected {reference[i]:R}, actual {actual[i]:R}"));
            }
        }
    }

    private void Report()
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_values} values, largest error/tolerance {_worstRatio:G3}"));
        _failures.Should().BeEmpty();
    }
}
