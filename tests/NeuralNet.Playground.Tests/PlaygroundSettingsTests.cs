using NeuralNet.Playground.Configuration;
using NeuralNet.Playground.Problems;
using NeuralNet.Playground.Race;

namespace NeuralNet.Playground.Tests;

/// <summary>The URL round trip, natively (no browser needed).</summary>
public sealed class PlaygroundSettingsTests
{
    [Fact]
    public void FromQuery_ToQuery_RoundTripsEverySetting()
    {
        var settings = new PlaygroundSettings
        {
            Tab = "race", Problem = ToyProblem.Spiral, Points = 640, NoisePercent = 15, TrainPercent = 70,
            HiddenLayers = [16, 8, 4], Activation = ActivationKind.Softplus, Output = OutputKind.Softmax,
            Optimizer = OptimizerKind.RmsProp, LearningRate = 0.0025f, MomentumFactor = 0.5f, RmsPropMomentum = 0.3f,
            Beta1 = 0.8f, Beta2 = 0.99f, Alpha = 0.95f, Epsilon = 1e-6f, LearningRateDecay = 0.01f, Centered = true,
            AmsGrad = true, WeightDecay = 0.001f, Dropout = 0.2f, BatchSize = 0, Seed = 42,
            RaceSurface = RaceSurfaceKind.Saddle, RaceSpeed = 7,
        };

        PlaygroundSettings back = PlaygroundSettings.FromQuery("?" + settings.ToQuery());

        back.Should().BeEquivalentTo(settings);
    }

    [Theory]
    [InlineData("layers=1000&n=999999&lr=-1&act=nonsense&batch=abc", "4,4", 1000, 1e-6f, ActivationKind.Tanh, 10)]
    [InlineData("layers=&n=5&lr=1e9&act=2", "", 20, 10f, ActivationKind.Tanh, 10)]
    public void FromQuery_HostileValues_ClampedOrIgnored(string query, string layers, int points, float lr, ActivationKind activation, int batch)
    {
        PlaygroundSettings s = PlaygroundSettings.FromQuery(query);

        s.HiddenLayersText.Should().Be(layers);
        s.Points.Should().Be(points);
        s.LearningRate.Should().Be(lr);
        s.Activation.Should().Be(activation);
        s.BatchSize.Should().Be(batch);
    }
}
