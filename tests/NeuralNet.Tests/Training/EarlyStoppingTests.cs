using NeuralNet.Layers;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>The early-stopping rule on its own: losses fed epoch by epoch, weights kept and restored.</summary>
public sealed class EarlyStoppingTests
{
    private static Sequential Model() => new(new Dense(2, 2, seed: 1), new Sigmoid());

    /// <summary>Feeds the losses until the rule says stop; returns the epoch it stopped at (0 if it never did).</summary>
    private static int Run(EarlyStopping stopping, params float[] losses)
    {
        for (int epoch = 1; epoch <= losses.Length; epoch++)
        {
            if (stopping.ShouldStop(epoch, losses[epoch - 1]))
            {
                return epoch;
            }
        }

        return 0;
    }

    [Fact]
    public void ShouldStop_PatienceEpochsWithoutImprovement_StopsAtTheLastOfThem()
    {
        var stopping = new EarlyStopping(Model(), patience: 2, minImprovement: 0f);

        int stoppedAt = Run(stopping, 1.0f, 0.8f, 0.9f, 0.85f, 0.5f);

        stoppedAt.Should().Be(4);
        stopping.BestEpoch.Should().Be(2);
        stopping.BestLoss.Should().Be(0.8f);
    }

    [Fact]
    public void ShouldStop_ImprovementResetsTheCount()
    {
        var stopping = new EarlyStopping(Model(), patience: 2, minImprovement: 0f);

        int stoppedAt = Run(stopping, 1.0f, 1.1f, 0.9f, 1.2f, 0.8f, 0.85f);

        stoppedAt.Should().Be(0, "no run of two epochs without improvement");
        stopping.BestEpoch.Should().Be(5);
    }

    [Fact]
    public void ShouldStop_EqualLoss_IsNotAnImprovement()
    {
        var stopping = new EarlyStopping(Model(), patience: 1, minImprovement: 0f);

        Run(stopping, 0.5f, 0.5f).Should().Be(2);
        stopping.BestEpoch.Should().Be(1);
    }

    [Fact]
    public void ShouldStop_FallSmallerThanMinImprovement_IsNotAnImprovement()
    {
        var stopping = new EarlyStopping(Model(), patience: 3, minImprovement: 0.1f);

        // 0.95 and 0.92 fall by less than 0.1 from the best 1.0; 0.85 falls by more.
        int stoppedAt = Run(stopping, 1.0f, 0.95f, 0.92f, 0.85f, 0.8f, 0.78f, 0.77f);

        stoppedAt.Should().Be(7);
        stopping.BestEpoch.Should().Be(4);
        stopping.BestLoss.Should().Be(0.85f);
    }

    [Fact]
    public void ShouldStop_NaNLoss_NeverImproves()
    {
        var stopping = new EarlyStopping(Model(), patience: 2, minImprovement: 0f);

        Run(stopping, float.NaN, float.NaN).Should().Be(2);
        stopping.BestEpoch.Should().Be(0);
    }

    [Fact]
    public void RestoreBest_AfterLaterChanges_PutsBackTheBestEpochsWeights()
    {
        Sequential model = Model();
        var stopping = new EarlyStopping(model, patience: 5, minImprovement: 0f);
        model.Parameters[0].Value[0] = 1f;
        stopping.ShouldStop(1, 0.5f);
        model.Parameters[0].Value[0] = 2f;
        stopping.ShouldStop(2, 0.7f);
        model.Parameters[0].Value[0] = 3f;

        stopping.RestoreBest();

        model.Parameters[0].Value[0].Should().Be(1f);
    }

    [Fact]
    public void RestoreBest_NoEpochImproved_PutsBackTheStartingWeights()
    {
        Sequential model = Model();
        float start = model.Parameters[0].Value[0];
        var stopping = new EarlyStopping(model, patience: 1, minImprovement: 0f);
        model.Parameters[0].Value[0] = start + 1f;
        stopping.ShouldStop(1, float.NaN);

        stopping.RestoreBest();

        model.Parameters[0].Value[0].Should().Be(start);
    }
}
