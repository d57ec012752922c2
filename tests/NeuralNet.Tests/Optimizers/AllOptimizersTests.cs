using NeuralNet.Optimizers;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Optimizers;

/// <summary>One suite run over every optimizer (and the variants their flags select).</summary>
public sealed class AllOptimizersTests
{
    /// <summary>Each optimizer by name, a factory taking the learning rate, and a learning rate that suits f = Σ (θ − c)².</summary>
    private static readonly Dictionary<string, (Func<float, Optimizer> Create, float QuadraticRate)> Optimizers = new()
    {
        ["Sgd"] = (lr => new Sgd(lr), 0.1f),
        ["Sgd(weightDecay)"] = (lr => new Sgd(lr, weightDecay: 0.01f), 0.1f),
        ["Momentum"] = (lr => new Momentum(lr, momentum: 0.9f), 0.02f),
        ["Momentum(dampening)"] = (lr => new Momentum(lr, momentum: 0.9f, dampening: 0.5f), 0.02f),
        ["Nesterov"] = (lr => new Nesterov(lr, momentum: 0.9f), 0.02f),
        ["Adagrad"] = (lr => new Adagrad(lr), 0.5f),
        ["Adagrad(decay, accumulator)"] = (lr => new Adagrad(lr, learningRateDecay: 0.001f, initialAccumulatorValue: 0.1f), 0.5f),
        ["RmsProp"] = (lr => new RmsProp(lr), 0.01f),
        ["RmsProp(centered, momentum)"] = (lr => new RmsProp(lr, momentum: 0.5f, centered: true), 0.005f),
        ["Adam"] = (lr => new Adam(lr), 0.05f),
        ["Adam(amsGrad)"] = (lr => new Adam(lr, amsGrad: true), 0.05f),
        ["AdamW"] = (lr => new AdamW(lr), 0.05f),
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
                foreach (float lr in new[] { 0f, -0.1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity })
                {
                    data.Add(name, lr);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_QuadraticFromFixedStart_ShrinksDistanceToMinimum(string name)
    {
        (Func<float, Optimizer> create, float rate) = Optimizers[name];
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
        (Func<float, Optimizer> create, float rate) = Optimizers[name];
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

        act.Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().BeOneOf("learningRate", "LearningRate");
    }

    [Theory]
    [MemberData(nameof(InvalidLearningRates))]
    public void LearningRate_SetToInvalid_ThrowsAndKeepsOldValue(string name, float learningRate)
    {
        Optimizer optimizer = Optimizers[name].Create(0.01f);

        Action act = () => optimizer.LearningRate = learningRate;

        act.Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().BeOneOf("learningRate", "LearningRate");
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
}
