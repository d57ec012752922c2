using System.Globalization;
using System.Text.Json;
using NeuralNet.Schedules;
using NeuralNet.Tests.Support;
using NeuralNet.Tests.TestVectors;
using Xunit.Abstractions;

namespace NeuralNet.Tests.Schedules;

/// <summary>
/// Every learning-rate schedule against PyTorch's sequences: the eight v2 "scheduler" files in
/// TestVectors/, one theory over them.
/// </summary>
/// <remarks>
/// <para>
/// Golden source (each file's "generator"): <c>gen_vectors_v2.py (PyTorch 1.13.0a0, torch.optim
/// single-tensor code paths, foreach=False)</c>; each file's "torch" string is the scheduler built,
/// e.g. <c>torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=6, eta_min=0.01)</c> on
/// <c>torch.optim.SGD(params, lr=0.1)</c>, and <c>expected.lr[e]</c> is <c>optimizer.param_groups[0]['lr']</c>
/// after e calls of <c>scheduler.step()</c> (<c>step(metrics[e-1])</c> for ReduceLROnPlateau).
/// </para>
/// <para>
/// Tolerance: the schedules run in double, as PyTorch's Python floats do, and the README (v2,
/// "Tolerances") gives ~1e-12 relative for learning rates and momenta. The files keep 12
/// significant digits, so a value is known only to half a unit in its 12th digit, up to 5e-12
/// relative (0.018825834605 is torch's 0.0188258346050237 rounded: 1.3e-12 relative); the bound here is
/// |actual − expected| ≤ 1e-15 + 5e-12·|expected|. The test prints the largest error/tolerance ratio.
/// </para>
/// </remarks>
public sealed class SchedulerReferenceTests(ITestOutputHelper output)
{
    private const double Absolute = 1e-15;
    private const double Relative = 5e-12;

    public static TheoryData<string> Files => SchedulerCase.Files();

    [Fact]
    public void Files_AreTheEightV2SchedulerCases()
    {
        Files.Should().HaveCount(8);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Sequence_ReferenceCase_MatchesPyTorch(string file)
    {
        TestVectorFile vector = TestVectorFile.Load(file);
        JsonElement expected = vector.Root.GetProperty("expected");
        double[] lr = TestVectorFile.Doubles(expected.GetProperty("lr"));
        double[]? momentum = expected.TryGetProperty("momentum", out JsonElement m) ? TestVectorFile.Doubles(m) : null;
        int steps = vector.Root.GetProperty("steps").GetInt32();
        lr.Should().HaveCount(steps + 1);

        SchedulerCase schedule = SchedulerCase.Create(file);
        var failures = new List<string>();
        double worst = 0;
        for (int e = 0; e <= steps; e++)
        {
            if (e > 0)
            {
                schedule.Step();
            }

            worst = Math.Max(worst, Check(schedule.LearningRate, lr[e], $"lr[{e}]", failures));
            schedule.Optimizer.LearningRate.Should().Be((float)schedule.LearningRate, "the optimizer holds the scheduled rate rounded to float");
            if (momentum is not null)
            {
                schedule.Momentum.Should().NotBeNull();
                worst = Math.Max(worst, Check(schedule.Momentum!.Value, momentum[e], $"momentum[{e}]", failures));
                schedule.AppliedMomentum.Should().Be((float)schedule.Momentum!.Value, "cycle_momentum writes the momentum into the optimizer, rounded to float");
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: {steps + 1} lrs{(momentum is null ? "" : " and momenta")}, largest error/tolerance {worst:G3}"));
        failures.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void RestoreState_MidSequence_ContinuesTheSameSequence(string file)
    {
        int steps = TestVectorFile.Load(file).Root.GetProperty("steps").GetInt32();
        SchedulerCase uninterrupted = SchedulerCase.Create(file), first = SchedulerCase.Create(file);
        var expected = new List<double>();
        for (int e = 1; e <= steps; e++)
        {
            uninterrupted.Step();
            expected.Add(uninterrupted.LearningRate);
        }

        int half = steps / 2;
        for (int e = 1; e <= half; e++)
        {
            first.Step();
        }

        SchedulerState saved = first.SaveState();
        first.Step(); // the saved record must not follow the scheduler it came from

        SchedulerCase resumed = SchedulerCase.Create(file);
        resumed.RestoreState(saved);
        resumed.StepCount.Should().Be(half);
        resumed.Optimizer.LearningRate.Should().Be((float)expected[half - 1]);
        var actual = new List<double>();
        for (int e = half + 1; e <= steps; e++)
        {
            resumed.Step();
            actual.Add(resumed.LearningRate);
        }

        actual.Should().Equal(expected.Skip(half), "a restored schedule continues bit for bit");
    }

    /// <summary>Adds a failure if out of tolerance; returns |error| / tolerance.</summary>
    private static double Check(double actual, double expected, string what, List<string> failures)
    {
        double tolerance = Absolute + (Relative * Math.Abs(expected));
        if (!Approx.IsClose(actual, expected, Absolute, Relative))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: expected {expected:R}, actual {actual:R}"));
        }

        return Math.Abs(actual - expected) / tolerance;
    }
}
