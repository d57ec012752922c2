using System.Text.Json;
using NeuralNet.Optimizers;
using NeuralNet.Schedules;
using NeuralNet.Tests.TestVectors;

namespace NeuralNet.Tests.Schedules;

/// <summary>
/// A scheduler built from a v2 "scheduler" reference file (TestVectors/README.md, "kind = scheduler"),
/// with one way to step, read and save it whichever class it is.
/// </summary>
internal sealed class SchedulerCase
{
    private readonly LearningRateScheduler? _scheduler;
    private readonly ReduceLROnPlateau? _plateau;
    private readonly double[] _metrics;

    private SchedulerCase(TestVectorFile vector)
    {
        JsonElement optimizer = vector.Root.GetProperty("optimizer"), s = vector.Root.GetProperty("scheduler");
        float lr = TestVectorFile.Float(optimizer, "lr");
        Optimizer = optimizer.GetProperty("name").GetString() switch
        {
            "sgd" => new Sgd(lr),
            "momentum" => new Momentum(lr, momentum: TestVectorFile.Float(optimizer, "momentum")),
            var other => throw new NotSupportedException($"{vector.File}: optimizer '{other}'"),
        };
        _metrics = vector.Root.TryGetProperty("metrics", out JsonElement metrics) ? TestVectorFile.Doubles(metrics) : [];
        double D(string key) => TestVectorFile.Double(s, key);
        int I(string key) => s.GetProperty(key).GetInt32();
        string name = s.GetProperty("name").GetString()!;
        if (name == "reduce_lr_on_plateau")
        {
            s.GetProperty("mode").GetString().Should().Be("min");
            var mode = s.GetProperty("threshold_mode").GetString() == "rel" ? ThresholdMode.Relative : ThresholdMode.Absolute;
            _plateau = new ReduceLROnPlateau(Optimizer, D("factor"), I("patience"), D("threshold"), mode, I("cooldown"), D("min_lr"), D("eps"));
            return;
        }

        _scheduler = name switch
        {
            "step_lr" => new StepLR(Optimizer, I("step_size"), D("gamma")),
            "multi_step_lr" => new MultiStepLR(Optimizer, [.. s.GetProperty("milestones").EnumerateArray().Select(e => e.GetInt32())], D("gamma")),
            "exponential_lr" => new ExponentialLR(Optimizer, D("gamma")),
            "cosine_annealing_lr" => new CosineAnnealingLR(Optimizer, I("T_max"), D("eta_min")),
            "cosine_annealing_warm_restarts" => new CosineAnnealingWarmRestarts(Optimizer, I("T_0"), I("T_mult"), D("eta_min")),
            "linear_lr" => new LinearLR(Optimizer, D("start_factor"), D("end_factor"), I("total_iters")),
            "one_cycle_lr" => OneCycle(Optimizer, s, D, I),
            _ => throw new NotSupportedException($"{vector.File}: scheduler '{name}'"),
        };
    }

    public Optimizer Optimizer { get; }

    public double LearningRate => _scheduler?.LastLearningRate ?? _plateau!.LastLearningRate;

    /// <summary>The momentum OneCycleLR computes; null for every other schedule.</summary>
    public double? Momentum => (_scheduler as OneCycleLR)?.LastMomentum;

    /// <summary>The momentum OneCycleLR wrote into the optimizer (its μ, a float); null for every other schedule.</summary>
    public double? AppliedMomentum => _scheduler is OneCycleLR ? ((Momentum)Optimizer).MomentumFactor : null;

    public int StepCount => _scheduler?.StepCount ?? _plateau!.StepCount;

    public static SchedulerCase Create(string file) => new(TestVectorFile.Load(file));

    /// <summary>The v2 scheduler files, found on disk (index.json in this folder lists only the v1 set).</summary>
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(TestVectorFile.DirectoryPath, "v2_sched_*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    /// <summary>One scheduler step; ReduceLROnPlateau takes the metric of this step, metrics[e − 1].</summary>
    public void Step()
    {
        if (_plateau is not null)
        {
            _plateau.Step(_metrics[_plateau.StepCount]);
        }
        else
        {
            _scheduler!.Step();
        }
    }

    public SchedulerState SaveState() => _scheduler?.SaveState() ?? _plateau!.SaveState();

    public void RestoreState(SchedulerState state)
    {
        if (_plateau is not null)
        {
            _plateau.RestoreState(state);
        }
        else
        {
            _scheduler!.RestoreState(state);
        }
    }

    private static OneCycleLR OneCycle(Optimizer optimizer, JsonElement s, Func<string, double> d, Func<string, int> i)
    {
        s.GetProperty("anneal_strategy").GetString().Should().Be("cos");
        s.GetProperty("three_phase").GetBoolean().Should().BeFalse();
        return new OneCycleLR(
            optimizer, d("max_lr"), i("total_steps"), d("pct_start"), d("div_factor"), d("final_div_factor"), d("base_momentum"), d("max_momentum"));
    }
}
