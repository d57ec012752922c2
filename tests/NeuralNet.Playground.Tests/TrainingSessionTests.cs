using NeuralNet.Playground.Configuration;
using NeuralNet.Playground.Problems;
using NeuralNet.Playground.Race;
using NeuralNet.Playground.Sessions;

namespace NeuralNet.Playground.Tests;

/// <summary>The page's training code natively: every choice the page offers builds and trains.</summary>
public sealed class TrainingSessionTests
{
    public static TheoryData<ActivationKind, OptimizerKind> Choices()
    {
        var data = new TheoryData<ActivationKind, OptimizerKind>();
        foreach (ActivationKind a in Enum.GetValues<ActivationKind>())
        {
            foreach (OptimizerKind o in Enum.GetValues<OptimizerKind>())
            {
                data.Add(a, o);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Choices))]
    public void TrainEpochs_EveryActivationAndOptimizer_LowersTheTrainingLoss(ActivationKind activation, OptimizerKind optimizer)
    {
        var settings = new PlaygroundSettings { Problem = ToyProblem.Gaussians, Activation = activation, LearningRate = 0.01f, Dropout = 0.1f };
        settings.ChooseOptimizer(optimizer);
        var session = new TrainingSession(settings);
        float start = session.TrainLoss;

        session.TrainEpochs(20);

        session.Epoch.Should().Be(20);
        session.TrainLoss.Should().BeLessThan(start);
        session.Diverged.Should().BeFalse();
    }

    [Theory]
    [InlineData(ToyProblem.Xor, OutputKind.Sigmoid)]
    [InlineData(ToyProblem.Circles, OutputKind.Softmax)]
    [InlineData(ToyProblem.Gaussians, OutputKind.Sigmoid)]
    [InlineData(ToyProblem.Spiral, OutputKind.Softmax)]
    [InlineData(ToyProblem.Regression, OutputKind.Sigmoid)]
    public void TrainEpochs_EveryDataSet_LearnsIt(ToyProblem problem, OutputKind output)
    {
        // The spiral wants the browser test's larger network and clean arms; the others learn with noise on a small one.
        bool spiral = problem == ToyProblem.Spiral;
        var settings = new PlaygroundSettings
        {
            Problem = problem, Output = output, HiddenLayers = spiral ? [16, 16, 16] : [8, 8], NoisePercent = spiral ? 0 : 5,
            LearningRate = spiral ? 0.01f : 0.03f, Points = spiral ? 400 : 300,
        };
        var session = new TrainingSession(settings);
        float start = session.TestLoss;

        session.TrainEpochs(spiral ? 300 : 100);

        session.TestLoss.Should().BeLessThan(start / 2);
        if (problem == ToyProblem.Regression)
        {
            session.TestAccuracy.Should().BeNull();
            session.Model.Metadata.Task.Should().Be(NeuralNet.Layers.ModelTask.Regression);
        }
        else
        {
            session.TestAccuracy.Should().BeGreaterThan(0.8f);
        }

        session.Surface().Should().HaveCount(TrainingSession.GridSize * TrainingSession.GridSize).And.OnlyContain(v => float.IsFinite(v));
        session.SaveModel().Should().NotBeEmpty();
        session.ExportOnnx().Should().NotBeEmpty();
    }

    [Theory]
    [InlineData(0, "batch")]
    [InlineData(1, "stochastic")]
    [InlineData(10, "mini-batch")]
    public void Mode_FollowsTheBatchSize(int batchSize, string mode)
    {
        var session = new TrainingSession(new PlaygroundSettings { BatchSize = batchSize });

        session.Mode.Should().Be(mode);
        session.TrainEpochs(1);
        session.Steps.Should().Be(batchSize == 0 ? 1 : (session.Train.Count + session.BatchSize - 1) / session.BatchSize);
    }

    [Fact]
    public void Race_Beale_MatchesTheCourseProgram()
    {
        // The race sample's figures for Beale after 3000 steps (README gallery): Adam 3.2e-6, SGD 0.198.
        var race = new RaceRunner(RaceSurface.Of(RaceSurfaceKind.Beale));

        race.Advance(3000);

        race.Distances[RaceRunner.Names.ToList().IndexOf("Adam")].Should().BeApproximately(3.2e-6, 0.1e-6);
        race.Distances[RaceRunner.Names.ToList().IndexOf("SGD")].Should().BeApproximately(0.198, 0.001);
    }
}
