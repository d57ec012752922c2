using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NeuralNet.Benchmarks;

/// <summary>
/// A summary column that turns the mean time of one invocation into a rate: work per second
/// divided by a unit (1e9 for GFLOP/s, 1 for samples/s). The work of a case is computed from its
/// parameters by the benchmark class, next to the code it describes.
/// </summary>
internal sealed class RateColumn(string columnName, Func<BenchmarkCase, double> workPerInvocation, double unit) : IColumn
{
    public string Id => nameof(RateColumn) + "." + ColumnName;

    public string ColumnName { get; } = columnName;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"{ColumnName} computed from the median time of one invocation (the machine is noisy; the median resists outliers)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        // Median is in nanoseconds; a failed or not-yet-run case has no statistics.
        double? medianNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Median;
        if (medianNanoseconds is not > 0)
        {
            return "NA";
        }

        double rate = workPerInvocation(benchmarkCase) / (medianNanoseconds.Value * 1e-9) / unit;
        return rate.ToString(rate >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;

    /// <summary>The value of an integer [Params] property of a case.</summary>
    public static int Parameter(BenchmarkCase benchmarkCase, string name) =>
        Convert.ToInt32(benchmarkCase.Parameters[name], CultureInfo.InvariantCulture);
}
