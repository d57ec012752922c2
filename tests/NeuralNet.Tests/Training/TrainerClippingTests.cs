using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tensors;
using NeuralNet.Training;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Training;

/// <summary>
/// Gradient clipping, observed through plain SGD: a step moves θ by −η·g, so the clipped gradient
/// is the step of a clipping trainer divided by −η, and the unclipped one the step of a trainer without.
/// </summary>
public sealed class TrainerClippingTests
{
    private const float LearningRate = 1e-3f;
    private static readonly Tensor s_x = new(TestData.Uniform(8 * 3, -1, 1, seed: 1), 8, 3);
    private static readonly Tensor s_y = new(TestData.Uniform(8 * 2, 50, 100, seed: 2), 8, 2); // far targets: large gradients

    private static Sequential Network() => new(new Dense(3, 4, seed: 1), new Tanh(), new Dense(4, 2, seed: 2), new Identity());

    /// <summary>The gradient one TrainBatch applied, recovered from the SGD step.</summary>
    private static float[] AppliedGradient(float? clipNorm, float? clipValue)
    {
        Sequential model = Network();
        float[] before = TrainingFixtures.Weights(model);
        new Trainer(model, new MeanSquaredError(), new Sgd(LearningRate)) { ClipGradientNorm = clipNorm, ClipGradientValue = clipValue }
            .TrainBatch(s_x, s_y);
        return [.. TrainingFixtures.Weights(model).Zip(before, (after, b) => (b - after) / LearningRate)];
    }

    private static float Norm(float[] g) => MathF.Sqrt(g.Sum(v => v * v));

    [Fact]
    public void ClipGradientNorm_ScalesTheGradientToTheMaximumNorm()
    {
        float[] raw = AppliedGradient(null, null);
        float[] clipped = AppliedGradient(clipNorm: 1f, clipValue: null);

        Norm(raw).Should().BeGreaterThan(10f, "the test needs gradients far above the limit");
        Norm(clipped).Should().BeApproximately(1f, 1e-3f);
        float scale = 1f / (Norm(raw) + 1e-6f);
        for (int i = 0; i < raw.Length; i++)
        {
            clipped[i].Should().BeApproximately(raw[i] * scale, 1e-3f * Math.Max(1f, Math.Abs(raw[i] * scale)), $"element {i} keeps its direction");
        }
    }

    [Fact]
    public void ClipGradientNorm_AboveTheNorm_LeavesTheGradientAlone()
    {
        float[] raw = AppliedGradient(null, null);

        AppliedGradient(clipNorm: 1e6f, clipValue: null).Should().Equal(raw);
    }

    [Fact]
    public void ClipGradientValue_ClampsEachElement()
    {
        float[] raw = AppliedGradient(null, null);
        float[] clipped = AppliedGradient(clipNorm: null, clipValue: 0.5f);

        raw.Should().Contain(g => Math.Abs(g) > 0.5f, "the test needs elements beyond the limit");
        for (int i = 0; i < raw.Length; i++)
        {
            clipped[i].Should().BeApproximately(Math.Clamp(raw[i], -0.5f, 0.5f), 1e-3f, $"element {i}");
        }
    }

    [Fact]
    public void Fit_WithNormClipping_ReportsTheMeanNormBeforeClipping()
    {
        float[] raw = AppliedGradient(null, null);
        var data = new Dataset(s_x, s_y);

        TrainingHistory history = new Trainer(Network(), new MeanSquaredError(), new Sgd(LearningRate))
        {
            ClipGradientNorm = 1f, BatchSize = 8, Epochs = 1, Shuffle = false,
        }.Fit(data);

        history.Epochs[0].GradientNorm.Should().BeApproximately(Norm(raw), Norm(raw) * 1e-3f, "one full-batch step: its norm");
        new Trainer(Network(), new MeanSquaredError(), new Sgd()) { Epochs = 1 }.Fit(data).Epochs[0].GradientNorm.Should().BeNull();
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void ClipSettings_OutOfRange_ThrowNamingTheProperty(float value)
    {
        Action norm = () => _ = new Trainer(Network(), new MeanSquaredError(), new Sgd()) { ClipGradientNorm = value };
        Action each = () => _ = new Trainer(Network(), new MeanSquaredError(), new Sgd()) { ClipGradientValue = value };

        norm.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ClipGradientNorm");
        each.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ClipGradientValue");
    }
}
