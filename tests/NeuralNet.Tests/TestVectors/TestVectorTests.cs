using System.Globalization;
using System.Text.Json;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Schedules;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;
using NeuralNet.Training;
using Xunit.Abstractions;

namespace NeuralNet.Tests.TestVectors;

/// <summary>
/// The library against the PyTorch reference vectors in this folder, every case listed in index.json.
/// </summary>
/// <remarks>
/// <para>
/// Golden source (index.json "generator"):
/// <c>gen_vectors.py (PyTorch 1.13.0a0, torch.optim single-tensor code paths, foreach=False)</c>, one CPU
/// thread, each case computed in float64 ("expected") and float32 ("expected_float32"). The optimizer of each
/// case is the file's "torch" string, e.g.
/// <c>torch.optim.SGD(params, lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=True)</c>,
/// <c>torch.optim.Adagrad(params, lr=0.1, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10)</c>,
/// <c>torch.optim.RMSprop(params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0, momentum=0.0, centered=False)</c>,
/// <c>torch.optim.Adam(params, lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0, amsgrad=False)</c>,
/// <c>torch.optim.AdamW(params, lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=False)</c>;
/// losses are <c>F.mse_loss</c>, <c>F.binary_cross_entropy(_with_logits)</c> and <c>-(y * log_softmax(z)).sum(1).mean()</c>.
/// </para>
/// <para>
/// Tolerances, always against expected_float32, |actual − expected| ≤ abs + rel·|expected|:
/// one-step quantities (loss vectors, grads_step0, output_step0, loss_per_step[0], grad_step0) abs 1e-5, rel 1e-4;
/// multi-step network quantities (later losses, final W/b, output_final; at most 16 steps) abs 2e-5, rel 2e-4;
/// Beale trajectory and values at step k of 200: abs 1e-5·(1 + k/50), rel 1e-4·(1 + k/50), i.e. five times the
/// one-step tolerance at the last step, because rounding differences compound along the path. Torch's own float32
/// and float64 runs differ by under 2e-6 on every case; on this machine the library's largest difference from
/// expected_float32 was 1.7e-7 for networks, 1.9e-7 on the Beale points and 1.4e-6 on f ≈ 4.5 (all under 1% of the
/// tolerance), so the margin is for other summation orders (SIMD widths, thread counts), not for a looser algorithm.
/// </para>
/// </remarks>
public sealed class TestVectorTests(ITestOutputHelper output)
{
    private const double MultiStepAbsolute = 2e-5;
    private const double MultiStepRelative = 2e-4;

    public static TheoryData<string> LossFiles => TestVectorFile.FilesOfKind("loss");

    public static TheoryData<string> NetworkFiles => TestVectorFile.FilesOfKind("network");

    public static TheoryData<string> FunctionFiles => TestVectorFile.FilesOfKind("function");

    [Fact]
    public void Index_ListsEveryJsonFile_WithKnownKinds()
    {
        IReadOnlyList<(string File, string Kind)> index = TestVectorFile.Index();
        // index.json lists every reference file copied from ../shared/testvectors, v1 and the v2 ones implemented so far.
        string[] onDisk = [.. Directory.GetFiles(TestVectorFile.DirectoryPath, "*.json")
            .Select(Path.GetFileName).OfType<string>().Where(f => f != "index.json")];

        index.Select(c => c.File).Should().BeEquivalentTo(onDisk);
        index.Should().HaveCount(43);
        index.Count(c => c.Kind == "metrics").Should().Be(3);
        index.Count(c => c.Kind == "scheduler").Should().Be(8);
        index.Count(c => c.Kind == "loss").Should().Be(9);
        index.Count(c => c.Kind == "network").Should().Be(20);
        index.Count(c => c.Kind == "function").Should().Be(3);
    }

    [Theory]
    [MemberData(nameof(LossFiles))]
    public void Loss_ReferenceCase_MatchesPyTorchFloat32(string file)
    {
        TestVectorFile vector = TestVectorFile.Load(file);
        JsonElement expected = vector.Expected;
        Tensor targets = vector.Tensor("targets");
        Loss loss = CreateLoss(vector.Root.GetProperty("loss").GetString()!, vector.Root.TryGetProperty("loss_options", out JsonElement options) ? options : null);
        var failures = new List<string>();
        Approx.ResetWorstRatio();

        // v2 cases of options defined on the logits only (pos_weight, label smoothing, class weights) have no predictions form.
        if (vector.Root.TryGetProperty("predictions", out _))
        {
            Tensor predictions = vector.Tensor("predictions");
            Approx.Collect([loss.Compute(predictions, targets)], [TestVectorFile.Double(expected, "loss")],
                Tolerance.OneStepAbsolute, Tolerance.OneStepRelative, "loss", failures);
            var gradient = new Tensor([.. predictions.Shape]);
            loss.Gradient(predictions, targets, gradient);
            Approx.Collect(gradient.AsSpan(), TestVectorFile.Doubles(expected.GetProperty("grad")),
                Tolerance.OneStepAbsolute, Tolerance.OneStepRelative, "grad", failures);
        }

        if (vector.Root.TryGetProperty("logits", out _))
        {
            Tensor logits = vector.Tensor("logits");
            var logitGradient = new Tensor([.. logits.Shape]);
            if (loss is not ILogitLoss fused)
            {
                throw new InvalidOperationException($"{file} has logits but {loss.GetType().Name} has no fused form.");
            }

            float fromLogits = fused.ComputeFromLogits(logits, targets);
            fused.GradientFromLogits(logits, targets, logitGradient);

            Approx.Collect([fromLogits], [TestVectorFile.Double(expected, "loss_from_logits")],
                Tolerance.OneStepAbsolute, Tolerance.OneStepRelative, "loss_from_logits", failures);
            Approx.Collect(logitGradient.AsSpan(), TestVectorFile.Doubles(expected.GetProperty("grad_logits")),
                Tolerance.OneStepAbsolute, Tolerance.OneStepRelative, "grad_logits", failures);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: largest error/tolerance {Approx.WorstRatio:G3}"));
        failures.Should().BeEmpty("{0} should match torch's float32 results", file);
    }

    [Theory]
    [MemberData(nameof(NetworkFiles))]
    public void Network_ReferenceCase_MatchesPyTorchFloat32(string file)
    {
        TestVectorFile vector = TestVectorFile.Load(file);
        JsonElement expected = vector.Expected;
        (Sequential model, List<Layer> dense) = CreateNetwork(vector);
        JsonElement? lossOptions = vector.Root.TryGetProperty("loss_options", out JsonElement o) ? o : null;
        JsonElement? clip = vector.Root.TryGetProperty("clip", out JsonElement c) ? c : null;
        Optimizer optimizer = CreateOptimizer(vector.Root.GetProperty("optimizer"));
        if (vector.Root.TryGetProperty("param_groups", out JsonElement groups))
        {
            foreach (JsonElement group in groups.EnumerateArray())
            {
                Parameter[] members = [.. group.GetProperty("params").EnumerateArray().Select(p =>
                {
                    var layer = (Dense)model.Layers[p.GetProperty("layer").GetInt32()];
                    return p.GetProperty("param").GetString() == "W" ? layer.Weight : layer.Bias;
                })];
                optimizer.SetGroup(
                    members,
                    group.TryGetProperty("lr", out JsonElement lr) ? lr.GetSingle() : null,
                    group.TryGetProperty("weight_decay", out JsonElement wd) ? wd.GetSingle() : null);
            }
        }
        // A scheduler steps after every steps_per_epoch-th step, driven here as torch's loop does.
        (LearningRateScheduler Scheduler, int StepsPerEpoch)? schedule = vector.Root.TryGetProperty("scheduler", out JsonElement sc)
            ? (CreateTrainingScheduler(sc, optimizer), vector.Root.GetProperty("steps_per_epoch").GetInt32())
            : null;
        double[]? expectedRates = schedule is null ? null : TestVectorFile.Doubles(expected.GetProperty("lr_per_step"));
        var trainer = new Trainer(model, CreateLoss(vector.Root.GetProperty("loss").GetString()!, lossOptions), optimizer)
        {
            ClipGradientNorm = clip is { } n && n.GetProperty("type").GetString() == "norm" ? TestVectorFile.Float(n, "max_norm") : null,
            ClipGradientValue = clip is { } v && v.GetProperty("type").GetString() == "value" ? TestVectorFile.Float(v, "clip_value") : null,
        };
        Tensor x = vector.Tensor("x"), y = vector.Tensor("y");
        int[][] batches = [.. vector.Root.GetProperty("batches").EnumerateArray().Select(b => b.EnumerateArray().Select(i => i.GetInt32()).ToArray())];
        int steps = vector.Root.GetProperty("steps").GetInt32();
        double[] expectedLosses = steps == 0 ? [] : TestVectorFile.Doubles(expected.GetProperty("loss_per_step"));
        var failures = new List<string>();
        Approx.ResetWorstRatio();

        Approx.Collect(model.Forward(x).AsSpan(), TestVectorFile.Doubles(expected.GetProperty("output_step0")),
            Tolerance.OneStepAbsolute, Tolerance.OneStepRelative, "output_step0", failures);
        if (expected.TryGetProperty("output_train_step0", out JsonElement trainOutput))
        {
            // Step 0's batch in training mode (batch statistics); the running statistics it moved are put back.
            model.IsTraining = true;
            Approx.Collect(model.Forward(SelectRows(x, batches[0])).AsSpan(), TestVectorFile.Doubles(trainOutput),
                Tolerance.OneStepAbsolute, Tolerance.OneStepRelative, "output_train_step0", failures);
            model.IsTraining = false;
            foreach (JsonElement entry in vector.Root.GetProperty("initial").EnumerateArray())
            {
                if (model.Layers[entry.GetProperty("layer").GetInt32()] is BatchNorm norm)
                {
                    SetBatchNorm(norm, entry);
                }
            }
        }

        if (steps == 0)
        {
            // v2_net_dropout_eval: torch's dropout masks cannot be reproduced, so only the eval-mode output is recorded.
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: largest error/tolerance {Approx.WorstRatio:G3}"));
        failures.Should().BeEmpty("{0} should match torch's float32 results", file);
            return;
        }
        for (int step = 0; step < steps; step++)
        {
            int[] rows = batches[step % batches.Length];
            if (expectedRates is not null)
            {
                Approx.Collect([optimizer.LearningRate], [expectedRates[step]], Tolerance.OneStepAbsolute, Tolerance.OneStepRelative, $"lr_per_step[{step}]", failures);
            }

            float loss = trainer.TrainBatch(SelectRows(x, rows), SelectRows(y, rows));
            if (schedule is { } sch && (step + 1) % sch.StepsPerEpoch == 0)
            {
                sch.Scheduler.Step();
            }

            bool first = step == 0;
            Approx.Collect([loss], [expectedLosses[step]], first ? Tolerance.OneStepAbsolute : MultiStepAbsolute,
                first ? Tolerance.OneStepRelative : MultiStepRelative, $"loss_per_step[{step}]", failures);
            if (first)
            {
                // The optimizer reads Parameter.Gradient and never writes it, so the gradients of step 0 are still
                // there — after clipping, which works on them in place.
                JsonElement[] grads = [.. expected.GetProperty(clip is null ? "grads_step0" : "grads_step0_clipped").EnumerateArray()];
                for (int k = 0; k < dense.Count; k++)
                {
                    CollectLayer(dense[k], grads[k], gradients: true, Tolerance.OneStepAbsolute, Tolerance.OneStepRelative, $"grads_step0[{k}]", failures);
                }
            }
        }

        JsonElement[] final = [.. expected.GetProperty("final").EnumerateArray()];
        for (int k = 0; k < dense.Count; k++)
        {
            CollectLayer(dense[k], final[k], gradients: false, MultiStepAbsolute, MultiStepRelative, $"final[{k}]", failures);
        }

        Approx.Collect(model.Forward(x).AsSpan(), TestVectorFile.Doubles(expected.GetProperty("output_final")),
            MultiStepAbsolute, MultiStepRelative, "output_final", failures);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: largest error/tolerance {Approx.WorstRatio:G3}"));
        failures.Should().BeEmpty("{0} ({1}) should match torch's float32 results", file, vector.Root.GetProperty("optimizer").GetProperty("torch").GetString());
    }

    [Theory]
    [MemberData(nameof(FunctionFiles))]
    public void Function_Trajectory_MatchesPyTorchFloat32(string file)
    {
        TestVectorFile vector = TestVectorFile.Load(file);
        Func<double, double, (double F, double Dx, double Dy)> function = vector.Root.GetProperty("function").GetString() switch
        {
            "beale" => Beale,
            "saddle" => (x, y) => ((x * x) - (y * y), 2 * x, -2 * y),
            var other => throw new NotSupportedException($"Unknown test function '{other}'."),
        };
        JsonElement expected = vector.Expected;
        Optimizer optimizer = CreateOptimizer(vector.Root.GetProperty("optimizer"));
        var point = new Parameter("p", vector.Tensor("start"));
        int steps = vector.Root.GetProperty("steps").GetInt32();
        double[] trajectory = TestVectorFile.Doubles(expected.GetProperty("trajectory"));
        double[] values = TestVectorFile.Doubles(expected.GetProperty("values"));
        var failures = new List<string>();
        Approx.ResetWorstRatio();

        for (int k = 0; k <= steps; k++)
        {
            double growth = 1 + (k / 50.0);
            double absolute = Tolerance.OneStepAbsolute * growth, relative = Tolerance.OneStepRelative * growth;
            Approx.Collect(point.Value.AsSpan(), [trajectory[2 * k], trajectory[(2 * k) + 1]], absolute, relative, $"trajectory[{k}]", failures);
            (double f, double dx, double dy) = function(point.Value[0], point.Value[1]);
            Approx.Collect([(float)f], [values[k]], absolute, relative, $"values[{k}]", failures);
            if (k == steps)
            {
                break;
            }

            point.Gradient[0] = (float)dx;
            point.Gradient[1] = (float)dy;
            if (k == 0)
            {
                Approx.Collect(point.Gradient.AsSpan(), TestVectorFile.Doubles(expected.GetProperty("grad_step0")),
                    Tolerance.OneStepAbsolute, Tolerance.OneStepRelative, "grad_step0", failures);
            }

            optimizer.Step([point]);
        }

        Approx.Collect(point.Value.AsSpan(), TestVectorFile.Doubles(expected.GetProperty("final")),
            Tolerance.OneStepAbsolute * 5, Tolerance.OneStepRelative * 5, "final", failures);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: largest error/tolerance {Approx.WorstRatio:G3}"));
        failures.Should().BeEmpty("{0} ({1}) should follow torch's float32 path", file, vector.Root.GetProperty("optimizer").GetProperty("torch").GetString());
    }

    /// <summary>
    /// Beale's function f = Σᵢ rᵢ², rᵢ = cᵢ − x + x yⁱ (i = 1, 2, 3; c = 1.5, 2.25, 2.625) and its gradient
    /// ∂f/∂x = Σ 2 rᵢ (yⁱ − 1), ∂f/∂y = Σ 2 rᵢ · i x yⁱ⁻¹, evaluated in double at the float32 point.
    /// </summary>
    private static (double F, double Dx, double Dy) Beale(double x, double y)
    {
        double[] c = [1.5, 2.25, 2.625];
        double f = 0, dx = 0, dy = 0;
        for (int i = 1; i <= 3; i++)
        {
            double r = c[i - 1] - x + (x * Math.Pow(y, i));
            f += r * r;
            dx += 2 * r * (Math.Pow(y, i) - 1);
            dy += 2 * r * i * x * Math.Pow(y, i - 1);
        }

        return (f, dx, dy);
    }

    /// <summary>Maps the loss name and the v2 <c>loss_options</c> (reduction, delta) to our classes.</summary>
    private static Loss CreateLoss(string name, JsonElement? options = null)
    {
        LossReduction reduction = options is { } o && o.TryGetProperty("reduction", out JsonElement r) && r.GetString() == "sum"
            ? LossReduction.Sum
            : LossReduction.Mean;
        return name switch
        {
            "mse" => new MeanSquaredError { Reduction = reduction },
            "bce" => new BinaryCrossEntropy
            {
                Reduction = reduction,
                PositiveWeights = options is { } b && b.TryGetProperty("pos_weight", out JsonElement w) ? [.. TestVectorFile.Doubles(w).Select(v => (float)v)] : null,
            },
            "cce" => new CategoricalCrossEntropy
            {
                Reduction = reduction,
                LabelSmoothing = options is { } c && c.TryGetProperty("label_smoothing", out JsonElement e) ? e.GetSingle() : 0f,
                ClassWeights = options is { } d && d.TryGetProperty("weight", out JsonElement w) ? [.. TestVectorFile.Doubles(w).Select(v => (float)v)] : null,
            },
            "l1" => new L1Loss { Reduction = reduction },
            "huber" => new HuberLoss(options!.Value.GetProperty("delta").GetSingle()) { Reduction = reduction },
            _ => throw new NotSupportedException($"Unknown loss '{name}'."),
        };
    }

    /// <summary>Maps the optimizer record (PyTorch's names) to our classes.</summary>
    private static Optimizer CreateOptimizer(JsonElement o)
    {
        Optimizer optimizer = CreateOptimizerOf(o);
        if (o.TryGetProperty("maximize", out JsonElement maximize) && maximize.GetBoolean())
        {
            optimizer.Maximize.Should().BeFalse();
            return Maximizing(o);
        }

        return optimizer;
    }

    /// <summary>The v2 maximize case: plain SGD (the only one the vectors hold) climbing.</summary>
    private static Sgd Maximizing(JsonElement o) => o.GetProperty("name").GetString() == "sgd" && TestVectorFile.Float(o, "momentum") == 0f
        ? new Sgd(TestVectorFile.Float(o, "lr"), TestVectorFile.Float(o, "weight_decay")) { Maximize = true }
        : throw new NotSupportedException("maximize is tested with plain SGD only.");

    private static Optimizer CreateOptimizerOf(JsonElement o)
    {
        string name = o.GetProperty("name").GetString()!;
        float lr = TestVectorFile.Float(o, "lr");
        float weightDecay = TestVectorFile.Float(o, "weight_decay");
        switch (name)
        {
            case "sgd" or "momentum" or "nesterov":
                float momentum = TestVectorFile.Float(o, "momentum");
                float dampening = TestVectorFile.Float(o, "dampening");
                if (o.GetProperty("nesterov").GetBoolean())
                {
                    dampening.Should().Be(0f, "torch rejects nesterov with dampening");
                    return new Nesterov(lr, momentum, weightDecay);
                }

                return momentum != 0f || name == "momentum"
                    ? new Momentum(lr, momentum, dampening, weightDecay)
                    : new Sgd(lr, weightDecay);
            case "adagrad":
                return new Adagrad(lr, TestVectorFile.Float(o, "lr_decay"), weightDecay,
                    TestVectorFile.Float(o, "initial_accumulator_value"), TestVectorFile.Float(o, "eps"));
            case "rmsprop":
                return new RmsProp(lr, TestVectorFile.Float(o, "alpha"), TestVectorFile.Float(o, "eps"), weightDecay,
                    TestVectorFile.Float(o, "momentum"), o.GetProperty("centered").GetBoolean());
            case "adam" or "adamw":
                float[] betas = TestVectorFile.Floats(o.GetProperty("betas"));
                float eps = TestVectorFile.Float(o, "eps");
                bool amsGrad = o.GetProperty("amsgrad").GetBoolean();
                return name == "adam"
                    ? new Adam(lr, betas[0], betas[1], eps, weightDecay, amsGrad)
                    : new AdamW(lr, betas[0], betas[1], eps, weightDecay, amsGrad);
            default:
                throw new NotSupportedException($"Unknown optimizer '{name}'.");
        }
    }

    /// <summary>The scheduler of a v2 network case (the kinds those cases use).</summary>
    private static LearningRateScheduler CreateTrainingScheduler(JsonElement s, Optimizer optimizer) => s.GetProperty("name").GetString() switch
    {
        "step_lr" => new StepLR(optimizer, s.GetProperty("step_size").GetInt32(), s.GetProperty("gamma").GetDouble()),
        "exponential_lr" => new ExponentialLR(optimizer, s.GetProperty("gamma").GetDouble()),
        var other => throw new NotSupportedException($"No training case uses the scheduler '{other}' yet."),
    };

    /// <summary>
    /// Builds the layers of the case and overwrites each Dense layer's W and b, and each BatchNorm
    /// layer's γ, β and running statistics, with the initial values; returns the layers with
    /// parameters in order (the order of <c>initial</c>, <c>final</c> and <c>grads_step0</c>).
    /// </summary>
    private static (Sequential Model, List<Layer> Dense) CreateNetwork(TestVectorFile vector)
    {
        // v2 entries name their layer; v1 entries are the dense layers in order.
        JsonElement[] entries = [.. vector.Root.GetProperty("initial").EnumerateArray()];
        JsonElement InitialOf(int index, int ordinal) =>
            entries.FirstOrDefault(e => e.TryGetProperty("layer", out JsonElement l) && l.GetInt32() == index) is { ValueKind: JsonValueKind.Object } named
                ? named : entries[ordinal];
        var layers = new List<Layer>();
        var dense = new List<Layer>();
        foreach (JsonElement layer in vector.Root.GetProperty("layers").EnumerateArray())
        {
            switch (layer.GetProperty("type").GetString())
            {
                case "dense":
                    // "bias": false is nn.Linear(bias=False); absent is the v1 layer, with a bias.
                    bool hasBias = !layer.TryGetProperty("bias", out JsonElement biasFlag) || biasFlag.GetBoolean();
                    var d = new Dense(layer.GetProperty("in").GetInt32(), layer.GetProperty("out").GetInt32(), hasBias);
                    JsonElement weights = InitialOf(layers.Count, dense.Count);
                    TestVectorFile.Tensor(weights, "W").CopyTo(d.Weight.Value);
                    if (hasBias)
                    {
                        TestVectorFile.Tensor(weights, "b").CopyTo(d.Bias.Value);
                    }

                    dense.Add(d);
                    layers.Add(d);
                    break;
                case "batchnorm":
                    var norm = new BatchNorm(layer.GetProperty("num_features").GetInt32(), TestVectorFile.Float(layer, "eps"), TestVectorFile.Float(layer, "momentum"));
                    SetBatchNorm(norm, InitialOf(layers.Count, dense.Count));
                    dense.Add(norm);
                    layers.Add(norm);
                    break;
                case "sigmoid":
                    layers.Add(new Sigmoid());
                    break;
                case "tanh":
                    layers.Add(new Tanh());
                    break;
                case "relu":
                    layers.Add(new ReLU());
                    break;
                case "identity":
                    layers.Add(new Identity());
                    break;
                case "softmax":
                    layers.Add(new Softmax());
                    break;
                case "dropout":
                    layers.Add(new Dropout(layer.GetProperty("p").GetSingle(), seed: 1));
                    break;
                case "leaky_relu":
                    layers.Add(new LeakyReLU(TestVectorFile.Float(layer, "negative_slope")));
                    break;
                case "elu":
                    layers.Add(new ELU(TestVectorFile.Float(layer, "alpha")));
                    break;
                case "gelu" when layer.GetProperty("approximate").GetString() == "none":
                    layers.Add(new GELU());
                    break;
                case "silu":
                    layers.Add(new SiLU());
                    break;
                case "softplus":
                    layers.Add(new Softplus(TestVectorFile.Float(layer, "beta"), TestVectorFile.Float(layer, "threshold")));
                    break;
                default:
                    throw new NotSupportedException($"Unknown layer type in {vector.File}: {layer}.");
            }
        }

        return (new Sequential([.. layers]), dense);
    }

    private static void SetBatchNorm(BatchNorm norm, JsonElement values)
    {
        TestVectorFile.Tensor(values, "gamma").CopyTo(norm.Gamma.Value);
        TestVectorFile.Tensor(values, "beta").CopyTo(norm.Beta.Value);
        TestVectorFile.Tensor(values, "running_mean").CopyTo(norm.RunningMean);
        TestVectorFile.Tensor(values, "running_var").CopyTo(norm.RunningVariance);
    }

    /// <summary>Compares a layer's values (or, with <paramref name="gradients"/>, their gradients) with an entry of final or grads_step0.</summary>
    private static void CollectLayer(Layer layer, JsonElement entry, bool gradients, double absolute, double relative, string label, List<string> failures)
    {
        void Compare(ReadOnlySpan<float> actual, string key) =>
            Approx.Collect(actual, TestVectorFile.Doubles(entry.GetProperty(key)), absolute, relative, $"{label}.{key}", failures);

        switch (layer)
        {
            case Dense d:
                Compare(gradients ? d.Weight.Gradient.AsSpan() : d.Weight.Value.AsSpan(), gradients ? "dW" : "W");
                if (d.HasBias)
                {
                    Compare(gradients ? d.Bias.Gradient.AsSpan() : d.Bias.Value.AsSpan(), gradients ? "db" : "b");
                }

                break;
            case BatchNorm norm:
                Compare(gradients ? norm.Gamma.Gradient.AsSpan() : norm.Gamma.Value.AsSpan(), gradients ? "dgamma" : "gamma");
                Compare(gradients ? norm.Beta.Gradient.AsSpan() : norm.Beta.Value.AsSpan(), gradients ? "dbeta" : "beta");
                if (!gradients)
                {
                    Compare(norm.RunningMean.AsSpan(), "running_mean");
                    Compare(norm.RunningVariance.AsSpan(), "running_var");
                }

                break;
        }
    }

    private static Tensor SelectRows(Tensor m, int[] rows)
    {
        var result = new Tensor(rows.Length, m.Columns);
        for (int i = 0; i < rows.Length; i++)
        {
            m.Row(rows[i]).CopyTo(result.Row(i));
        }

        return result;
    }
}
