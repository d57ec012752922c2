using NeuralNet.Optimizers;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Optimizers;

/// <summary>One suite run over every optimizer (and the variants their flags select).</summary>
public sealed class AllOptimizersTests
{
    private static readonly float[] NotPositive = [0f, -0.1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
    private static readonly float[] Negative = [-1e-4f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
    private static readonly float[] OutsideUnitInterval = [1f, 1.5f, -0.1f, float.NaN, float.PositiveInfinity];

    /// <summary>
    /// The table every test here runs over: each optimizer (and the variants its flags select) by
    /// name, a factory taking the learning rate, a learning rate that suits f = Σ (θ − c)², and
    /// every other constructor hyperparameter with a factory setting only it and the values it
    /// must refuse.
    /// </summary>
    private static readonly Dictionary<string, Row> Optimizers = new()
    {
        ["Sgd"] = new(lr => new Sgd(lr), 0.1f,
            ("weightDecay", v => new Sgd(0.1f, weightDecay: v), Negative)),
        ["Sgd(weightDecay)"] = new(lr => new Sgd(lr, weightDecay: 0.01f), 0.1f),
        ["Momentum"] = new(lr => new Momentum(lr, momentum: 0.9f), 0.02f,
            ("momentum", v => new Momentum(0.1f, momentum: v), OutsideUnitInterval),
            ("dampening", v => new Momentum(0.1f, dampening: v), OutsideUnitInterval),
            ("weightDecay", v => new Momentum(0.1f, weightDecay: v), Negative)),
        ["Momentum(dampening)"] = new(lr => new Momentum(lr, momentum: 0.9f, dampening: 0.5f), 0.02f),
        ["Nesterov"] = new(lr => new Nesterov(lr, momentum: 0.9f), 0.02f,
            ("momentum", v => new Nesterov(0.1f, momentum: v), [0f, .. OutsideUnitInterval]),
            ("weightDecay", v => new Nesterov(0.1f, weightDecay: v), Negative)),
        ["Adagrad"] = new(lr => new Adagrad(lr), 0.5f,
            ("learningRateDecay", v => new Adagrad(0.1f, learningRateDecay: v), Negative),
            ("initialAccumulatorValue", v => new Adagrad(0.1f, initialAccumulatorValue: v), Negative),
            ("epsilon", v => new Adagrad(0.1f, epsilon: v), NotPositive),
            ("weightDecay", v => new Adagrad(0.1f, weightDecay: v), Negative)),
        ["Adagrad(decay, accumulator)"] = new(lr => new Adagrad(lr, learningRateDecay: 0.001f, initialAccumulatorValue: 0.1f), 0.5f),
        ["RmsProp"] = new(lr => new RmsProp(lr), 0.01f,
            ("alpha", v => new RmsProp(0.1f, alpha: v), OutsideUnitInterval),
            ("epsilon", v => new RmsProp(0.1f, epsilon: v), NotPositive),
            ("weightDecay", v => new RmsProp(0.1f, weightDecay: v), Negative),
            ("momentum", v => new RmsProp(0.1f, momentum: v), OutsideUnitInterval)),
        ["RmsProp(centered, momentum)"] = new(lr => new RmsProp(lr, momentum: 0.5f, centered: true), 0.005f),
        ["Adam"] = new(lr => new Adam(lr), 0.05f,
            ("beta1", v => new Adam(beta1: v), OutsideUnitInterval),
            ("beta2", v => new Adam(beta2: v), OutsideUnitInterval),
            ("epsilon", v => new Adam(epsilon: v), NotPositive),
            ("weightDecay", v => new Adam(weightDecay: v), Negative)),
        ["Adam(weightDecay)"] = new(lr => new Adam(lr, weightDecay: 0.01f), 0.05f),
        ["Adam(amsGrad)"] = new(lr => new Adam(lr, amsGrad: true), 0.05f),
        ["AdamW"] = new(lr => new AdamW(lr), 0.05f,
            ("beta1", v => new AdamW(beta1: v), OutsideUnitInterval),
            ("beta2", v => new AdamW(beta2: v), OutsideUnitInterval),
            ("epsilon", v => new AdamW(epsilon: v), NotPositive),
            ("weightDecay", v => new AdamW(weightDecay: v), Negative)),
        ["AdamW(amsGrad)"] = new(lr => new AdamW(lr, amsGrad: true), 0.05f),
    };

    private static readonly float[] Start = [3f, -2f];
    private static readonly float[] Minimum = [1f, 0.5f];

    public static TheoryData<string> Names => [.. Optimizers.Keys];

    public static TheoryData<string, float> InvalidLearningRates
    {
        get
        {
            var data = new TheoryData<string, float>();
            foreach (string name in Optimizers.Keys)
            {
                foreach (float lr in NotPositive)
                {
                    data.Add(name, lr);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, string, float> InvalidHyperparameters
    {
        get
        {
            var data = new TheoryData<string, string, float>();
            foreach ((string name, Row row) in Optimizers)
            {
                foreach ((string parameter, _, float[] invalid) in row.Hyperparameters)
                {
                    foreach (float value in invalid)
                    {
                        data.Add(name, parameter, value);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(InvalidHyperparameters))]
    public void Constructor_HyperparameterOutOfRange_ThrowsNamingTheConstructorParameter(string name, string parameter, float value)
    {
        Func<float, Optimizer> create = Optimizers[name].Hyperparameters.Single(h => h.Parameter == parameter).Create;

        Action act = () => create(value);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"{parameter} must be *")
            .Which.ParamName.Should().Be(parameter);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Constructor_HyperparameterTable_CoversEveryConstructorParameter(string name)
    {
        // A hyperparameter added to a constructor without a row here fails this test.
        Type type = Optimizers[name].Create(0.1f).GetType();
        string[] expected = [.. type.GetConstructors().Single().GetParameters()
            .Where(p => p.ParameterType == typeof(float) && p.Name != "learningRate").Select(p => p.Name!)];
        string family = name.Split('(')[0];

        Optimizers[family].Hyperparameters.Select(h => h.Parameter).Should().BeEquivalentTo(expected);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_WarmOptimizer_AllocatesNothing(string name)
    {
        Optimizer optimizer = Optimizers[name].Create(0.01f);
        var weight = new Parameter("weight", new Tensor(64, 33));
        var bias = new Parameter("bias", new Tensor(33));
        weight.Gradient.AsSpan().Fill(0.25f);
        bias.Gradient.AsSpan().Fill(-0.5f);
        Parameter[] parameters = [weight, bias];
        for (int step = 0; step < 20; step++)
        {
            optimizer.Step(parameters);
        }

        // The fewest bytes over three rounds: a per-step allocation shows in every round, while the
        // runtime's own one-off work (a method tiering up mid-round) shows in one at most.
        long fewest = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int step = 0; step < 10; step++)
            {
                optimizer.Step(parameters);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        fewest.Should().Be(0, "{0} keeps its state from the first step on", name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_ParameterFirstSeenLater_StartsFreshState(string name)
    {
        // State belongs to each parameter: one joining at step 4 takes the same first step as with a new optimizer.
        Func<float, Optimizer> create = Optimizers[name].Create;
        Optimizer optimizer = create(0.05f);
        Parameter early = OptimizerHarness.Vector(1f, 2f), late = OptimizerHarness.Vector(0.5f, -1f);
        early.Gradient.AsSpan().Fill(1f);
        late.Gradient[0] = 0.5f;
        late.Gradient[1] = -2f;
        for (int step = 0; step < 3; step++)
        {
            optimizer.Step([early]);
        }

        optimizer.Step([early, late]);

        float[][] alone = OptimizerHarness.Run(create(0.05f), [0.5f, -1f], [0.5f, -2f]);
        late.Value.AsSpan().ToArray().Should().Equal(alone[0], "step counts (bias correction, decay) are per parameter, as in torch.optim");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_NullElementInList_ThrowsNamingItsIndex(string name)
    {
        Optimizer optimizer = Optimizers[name].Create(0.01f);

        Action act = () => optimizer.Step([OptimizerHarness.Vector(1f), null!]);

        act.Should().Throw<ArgumentException>().WithMessage("parameters[1] is null*").Which.ParamName.Should().Be("parameters");
        optimizer.StepCount.Should().Be(0, "a refused step is not counted");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_QuadraticFromFixedStart_ShrinksDistanceToMinimum(string name)
    {
        (Func<float, Optimizer> create, float rate) = (Optimizers[name].Create, Optimizers[name].QuadraticRate);
        Optimizer optimizer = create(rate);
        Parameter theta = OptimizerHarness.Vector(Start);
        double initial = Distance(theta.Value, Minimum);

        double afterOne = 0;
        for (int step = 1; step <= 300; step++)
        {
            QuadraticGradient(theta, Minimum);
            optimizer.Step([theta]);
            if (step == 1)
            {
                afterOne = Distance(theta.Value, Minimum);
            }
        }

        afterOne.Should().BeLessThan(initial, "the first step of {0} goes downhill", name);
        Distance(theta.Value, Minimum).Should().BeLessThan(0.05 * initial, "{0} should approach the minimum of Σ (θ − c)²", name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_MatrixParameterOutsideNetwork_UpdatesInPlaceAndDescends(string name)
    {
        (Func<float, Optimizer> create, float rate) = (Optimizers[name].Create, Optimizers[name].QuadraticRate);
        Optimizer optimizer = create(rate);
        var theta = new Parameter("plain", new Tensor([2f, -1f, 0.5f, 4f, 0f, -3f], 2, 3));
        float[] target = [0f, 1f, 1f, 2f, -1f, -2f];
        Tensor value = theta.Value;
        double initial = Distance(value, target);

        for (int step = 0; step < 300; step++)
        {
            QuadraticGradient(theta, target);
            optimizer.Step([theta]);
        }

        theta.Value.Should().BeSameAs(value, "the optimizer updates the parameter's tensor in place");
        theta.Value.Shape.Should().Equal(2, 3);
        Distance(theta.Value, target).Should().BeLessThan(0.05 * initial);
    }

    [Theory]
    [MemberData(nameof(InvalidLearningRates))]
    public void Constructor_LearningRateNotFiniteAndPositive_ThrowsNamingLearningRate(string name, float learningRate)
    {
        Action act = () => Optimizers[name].Create(learningRate);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("learningRate must be finite and greater than 0.*")
            .Which.ParamName.Should().Be("learningRate");
    }

    [Theory]
    [MemberData(nameof(InvalidLearningRates))]
    public void LearningRate_SetToInvalid_ThrowsAndKeepsOldValue(string name, float learningRate)
    {
        Optimizer optimizer = Optimizers[name].Create(0.01f);

        Action act = () => optimizer.LearningRate = learningRate;

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("LearningRate must be*")
            .Which.ParamName.Should().Be("value", "a property setter's argument is named value (.NET guidelines)");
        optimizer.LearningRate.Should().Be(0.01f);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void LearningRate_SetLater_IsUsedByTheNextSteps(string name)
    {
        Func<float, Optimizer> create = Optimizers[name].Create;
        Optimizer reference = create(0.02f);
        Optimizer changed = create(0.07f);

        changed.LearningRate = 0.02f;
        float[][] expected = OptimizerHarness.Run(reference, Start, [0.5f, -1f], [0.25f, 2f], [-0.5f, 0.125f]);
        float[][] actual = OptimizerHarness.Run(changed, Start, [0.5f, -1f], [0.25f, 2f], [-0.5f, 0.125f]);

        changed.LearningRate.Should().Be(0.02f);
        for (int t = 0; t < expected.Length; t++)
        {
            actual[t].Should().Equal(expected[t], "step {0} uses the learning rate set after construction", t + 1);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void StepCount_AfterEachStep_IncrementsFromZero(string name)
    {
        Optimizer optimizer = Optimizers[name].Create(0.01f);
        Parameter theta = OptimizerHarness.Vector(1f, 2f);
        theta.Gradient[0] = 1f;

        optimizer.StepCount.Should().Be(0);
        for (int step = 1; step <= 3; step++)
        {
            optimizer.Step([theta]);
            optimizer.StepCount.Should().Be(step);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_TwoParametersTogether_EachBehavesAsIfSteppedAlone(string name)
    {
        Func<float, Optimizer> create = Optimizers[name].Create;
        float[][] gradientsA = [[0.5f, -1f], [0.25f, 2f], [-0.5f, 0.125f], [1f, 1f]];
        float[][] gradientsB = [[-3f, 0.1f, 2f], [0f, 0.2f, -1f], [1.5f, -0.3f, 0.5f], [-1f, 0f, 0.25f]];
        Optimizer together = create(0.05f);
        Parameter a = OptimizerHarness.Vector(1f, -1f), b = OptimizerHarness.Vector(0.5f, 2f, -4f);

        for (int t = 0; t < gradientsA.Length; t++)
        {
            gradientsA[t].CopyTo(a.Gradient.AsSpan());
            gradientsB[t].CopyTo(b.Gradient.AsSpan());
            together.Step([a, b]);
        }

        float[][] alone = OptimizerHarness.Run(create(0.05f), [1f, -1f], gradientsA);
        float[][] aloneB = OptimizerHarness.Run(create(0.05f), [0.5f, 2f, -4f], gradientsB);
        a.Value.AsSpan().ToArray().Should().Equal(alone[^1]);
        b.Value.AsSpan().ToArray().Should().Equal(aloneB[^1]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_Always_LeavesGradientUnchanged(string name)
    {
        Optimizer optimizer = Optimizers[name].Create(0.05f);
        Parameter theta = OptimizerHarness.Vector(1f, -2f, 3f);
        float[] gradient = [0.5f, -0.25f, 2f];
        gradient.CopyTo(theta.Gradient.AsSpan());

        optimizer.Step([theta]);
        optimizer.Step([theta]);

        theta.Gradient.AsSpan().ToArray().Should().Equal(gradient, "weight decay is added to a copy, not to Parameter.Gradient");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_NullList_ThrowsArgumentNullException(string name)
    {
        Optimizer optimizer = Optimizers[name].Create(0.01f);

        Action act = () => optimizer.Step(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    private static void QuadraticGradient(Parameter theta, float[] minimum)
    {
        // f = Σ (θ − c)², ∇f = 2 (θ − c).
        for (int i = 0; i < minimum.Length; i++)
        {
            theta.Gradient[i] = 2 * (theta.Value[i] - minimum[i]);
        }
    }

    private static double Distance(Tensor value, float[] point)
    {
        double sum = 0;
        for (int i = 0; i < point.Length; i++)
        {
            sum += (value[i] - (double)point[i]) * (value[i] - (double)point[i]);
        }

        return Math.Sqrt(sum);
    }

    /// <summary>One optimizer of the table.</summary>
    private sealed record Row(
        Func<float, Optimizer> Create, float QuadraticRate, params (string Parameter, Func<float, Optimizer> Create, float[] Invalid)[] Hyperparameters);
}
