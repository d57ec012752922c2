using NeuralNet.Optimizers;
using NeuralNet.Schedules;

namespace NeuralNet.Tests.Schedules;

/// <summary>Every scheduler refuses out-of-range hyperparameters with an exception naming the parameter, and a few edge behaviours.</summary>
public sealed class SchedulerValidationTests
{
    private static readonly double[] NotPositive = [0, -0.5, double.NaN, double.PositiveInfinity];
    private static readonly double[] Negative = [-1e-9, double.NaN, double.PositiveInfinity];

    /// <summary>The table: a parameter name, a constructor setting only it, and the values it must refuse.</summary>
    private static readonly Dictionary<string, (string Parameter, Func<Optimizer, double, object> Create, double[] Bad)> Cases = new()
    {
        ["StepLR.stepSize"] = ("stepSize", (o, v) => new StepLR(o, (int)v), [0, -1]),
        ["StepLR.gamma"] = ("gamma", (o, v) => new StepLR(o, 2, v), NotPositive),
        ["MultiStepLR.milestones"] = ("milestones", (o, v) => new MultiStepLR(o, [3, (int)v]), [2, 0, -1]),
        ["MultiStepLR.gamma"] = ("gamma", (o, v) => new MultiStepLR(o, [1], v), NotPositive),
        ["ExponentialLR.gamma"] = ("gamma", (o, v) => new ExponentialLR(o, v), NotPositive),
        ["CosineAnnealingLR.tMax"] = ("tMax", (o, v) => new CosineAnnealingLR(o, (int)v), [0, -3]),
        ["CosineAnnealingLR.etaMin"] = ("etaMin", (o, v) => new CosineAnnealingLR(o, 5, v), Negative),
        ["CosineAnnealingWarmRestarts.t0"] = ("t0", (o, v) => new CosineAnnealingWarmRestarts(o, (int)v), [0, -1]),
        ["CosineAnnealingWarmRestarts.tMult"] = ("tMult", (o, v) => new CosineAnnealingWarmRestarts(o, 3, (int)v), [0, -2]),
        ["CosineAnnealingWarmRestarts.etaMin"] = ("etaMin", (o, v) => new CosineAnnealingWarmRestarts(o, 3, etaMin: v), Negative),
        ["LinearLR.startFactor"] = ("startFactor", (o, v) => new LinearLR(o, startFactor: v), [0, -0.1, 1.01, double.NaN]),
        ["LinearLR.endFactor"] = ("endFactor", (o, v) => new LinearLR(o, endFactor: v), [-0.1, 1.01, double.NaN]),
        ["LinearLR.totalIterations"] = ("totalIterations", (o, v) => new LinearLR(o, totalIterations: (int)v), [0, -1]),
        ["OneCycleLR.maxLearningRate"] = ("maxLearningRate", (o, v) => new OneCycleLR(o, v, 10), NotPositive),
        ["OneCycleLR.totalSteps"] = ("totalSteps", (o, v) => new OneCycleLR(o, 0.1, (int)v), [1, 0, -5]),
        ["OneCycleLR.pctStart"] = ("pctStart", (o, v) => new OneCycleLR(o, 0.1, 10, pctStart: v), [0, 0.1, 1, 1.5, -0.3, double.NaN]),
        ["OneCycleLR.divFactor"] = ("divFactor", (o, v) => new OneCycleLR(o, 0.1, 10, divFactor: v), NotPositive),
        ["OneCycleLR.finalDivFactor"] = ("finalDivFactor", (o, v) => new OneCycleLR(o, 0.1, 10, finalDivFactor: v), NotPositive),
        ["OneCycleLR.baseMomentum"] = ("baseMomentum", (o, v) => new OneCycleLR(o, 0.1, 10, baseMomentum: v), [-0.1, 1, double.NaN]),
        ["OneCycleLR.maxMomentum"] = ("maxMomentum", (o, v) => new OneCycleLR(o, 0.1, 10, maxMomentum: v), [-0.1, 1, double.NaN]),
        ["ReduceLROnPlateau.factor"] = ("factor", (o, v) => new ReduceLROnPlateau(o, factor: v), [0, 1, 1.5, -0.1, double.NaN]),
        ["ReduceLROnPlateau.patience"] = ("patience", (o, v) => new ReduceLROnPlateau(o, patience: (int)v), [-1]),
        ["ReduceLROnPlateau.threshold"] = ("threshold", (o, v) => new ReduceLROnPlateau(o, threshold: v), Negative),
        ["ReduceLROnPlateau.thresholdMode"] = ("thresholdMode", (o, v) => new ReduceLROnPlateau(o, thresholdMode: (ThresholdMode)(int)v), [2, -1]),
        ["ReduceLROnPlateau.cooldown"] = ("cooldown", (o, v) => new ReduceLROnPlateau(o, cooldown: (int)v), [-1]),
        ["ReduceLROnPlateau.minLearningRate"] = ("minLearningRate", (o, v) => new ReduceLROnPlateau(o, minLearningRate: v), Negative),
        ["ReduceLROnPlateau.epsilon"] = ("epsilon", (o, v) => new ReduceLROnPlateau(o, epsilon: v), Negative),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Constructor_OutOfRangeHyperparameter_ThrowsNamingIt(string name)
    {
        (string parameter, Func<Optimizer, double, object> create, double[] bad) = Cases[name];
        foreach (double value in bad)
        {
            Action act = () => create(new Momentum(0.1f), value);
            act.Should().Throw<ArgumentOutOfRangeException>($"{name} = {value}").Which.ParamName.Should().Be(parameter);
        }
    }

    [Fact]
    public void Constructor_NullOptimizer_Throws()
    {
        ((Func<object>)(() => new StepLR(null!, 2))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("optimizer");
        ((Func<object>)(() => new ReduceLROnPlateau(null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("optimizer");
        ((Func<object>)(() => new MultiStepLR(new Sgd(), null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("milestones");
    }

    [Fact]
    public void OneCycleLR_StepBeyondTotalSteps_Throws()
    {
        var schedule = new OneCycleLR(new Momentum(), 0.1, totalSteps: 4);
        for (int i = 0; i < 4; i++)
        {
            schedule.Step(); // PyTorch allows step_num = total_steps
        }

        ((Action)schedule.Step).Should().Throw<InvalidOperationException>().WithMessage("*4 steps*");
        schedule.StepCount.Should().Be(4);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adagrad")]
    [InlineData("rmsprop")]
    public void OneCycleLR_CyclingTheMomentumOfAnOptimizerWithout_IsRefusedAsPyTorchRefusesIt(string name)
    {
        Optimizer optimizer = name switch { "sgd" => new Sgd(), "adagrad" => new Adagrad(), _ => new RmsProp() };

        Action cycled = () => _ = new OneCycleLR(optimizer, 0.1, totalSteps: 10);

        cycled.Should().Throw<ArgumentException>().WithMessage($"*{optimizer.GetType().Name} has no momentum or beta1*cycleMomentum: false*");
        new OneCycleLR(optimizer, 0.1, totalSteps: 10, cycleMomentum: false).CycleMomentum.Should().BeFalse();
    }

    [Fact]
    public void OneCycleLR_WritesBeta1IntoAdam_AndMomentumIntoNesterovAndRmsProp_AtEveryStepAndRestore()
    {
        var adam = new Adam(1e-3f);
        var nesterov = new Nesterov(0.01f, momentum: 0.5f);
        var rmsProp = new RmsProp(0.01f, momentum: 0.5f);
        var schedules = new[] { new OneCycleLR(adam, 0.01, 10), new OneCycleLR(nesterov, 0.01, 10), new OneCycleLR(rmsProp, 0.01, 10) };

        adam.Beta1.Should().Be(0.95f, "step 0 sets the maximum momentum");
        nesterov.MomentumFactor.Should().Be(0.95f);
        rmsProp.MomentumFactor.Should().Be(0.95f);
        for (int i = 0; i < 2; i++) // the peak: step pct_start·T − 1 = 2
        {
            foreach (OneCycleLR schedule in schedules)
            {
                schedule.Step();
            }
        }

        adam.Beta1.Should().Be((float)schedules[0].LastMomentum).And.BeApproximately(0.85f, 1e-6f, "the peak rate comes with the base momentum");
        nesterov.MomentumFactor.Should().Be((float)schedules[1].LastMomentum);
        rmsProp.MomentumFactor.Should().Be((float)schedules[2].LastMomentum);

        var restored = new Adam(1e-3f);
        new OneCycleLR(restored, 0.01, 10).RestoreState(schedules[0].SaveState());
        restored.Beta1.Should().Be(adam.Beta1);
        new OneCycleLR(new Adam(1e-3f, beta1: 0.9f), 0.01, 10, cycleMomentum: false).Optimizer.Should().BeOfType<Adam>().Which.Beta1.Should().Be(0.9f);
    }

    [Fact]
    public void CosineAnnealingLR_EtaMinZero_SetsTheOptimizerRateToZeroAtTMax()
    {
        var optimizer = new Sgd(0.1f);
        var schedule = new CosineAnnealingLR(optimizer, tMax: 2);
        schedule.Step();
        schedule.Step();
        schedule.LastLearningRate.Should().Be(0);
        optimizer.LearningRate.Should().Be(0f);
    }

    [Fact]
    public void ReduceLROnPlateau_AbsoluteThreshold_CountsOnlyImprovementsBeyondIt()
    {
        var optimizer = new Sgd(0.1f);
        var plateau = new ReduceLROnPlateau(optimizer, factor: 0.5, patience: 0, threshold: 0.1, thresholdMode: ThresholdMode.Absolute);
        plateau.Step(1.0);
        plateau.Step(0.95); // better, but not by 0.1: a bad step, patience 0 → halve
        plateau.LastLearningRate.Should().Be(0.05);
        plateau.Best.Should().Be(1.0);
        plateau.Step(0.85); // 0.85 < 1.0 − 0.1
        plateau.Best.Should().Be(0.85);
        plateau.LastLearningRate.Should().Be(0.05);
    }

    [Fact]
    public void ReduceLROnPlateau_NaNMetric_Throws()
    {
        var plateau = new ReduceLROnPlateau(new Sgd());
        ((Action)(() => plateau.Step(double.NaN))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("metric");
    }

    [Fact]
    public void RestoreState_BadState_Throws()
    {
        var schedule = new OneCycleLR(new Momentum(), 0.1, totalSteps: 4);
        ((Action)(() => schedule.RestoreState(new SchedulerState(5, 0.01)))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("state");
        ((Action)(() => schedule.RestoreState(new SchedulerState(-1, 0.01)))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => schedule.RestoreState(new SchedulerState(1, double.NaN)))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => new ReduceLROnPlateau(new Sgd()).RestoreState(new SchedulerState(1, 0.1) { BadSteps = -1 }))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
