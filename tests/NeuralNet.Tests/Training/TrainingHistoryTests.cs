using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>The history's lists: one object each, growing as epochs are added, not writable from outside.</summary>
public sealed class TrainingHistoryTests
{
    private static EpochMetrics Epoch(int epoch, float loss, float? validation) =>
        new(epoch, loss, null, validation, null, TimeSpan.FromMilliseconds(epoch));

    [Fact]
    public void Lists_ReadTwice_AreTheSameObjectAndGrowWithEachEpoch()
    {
        var history = new TrainingHistory();
        IReadOnlyList<float> training = history.TrainingLoss, validation = history.ValidationLoss;
        IReadOnlyList<EpochMetrics> epochs = history.Epochs;

        history.Add(Epoch(1, 0.5f, 0.7f));
        history.Add(Epoch(2, 0.25f, 0.6f));

        history.TrainingLoss.Should().BeSameAs(training);
        history.ValidationLoss.Should().BeSameAs(validation);
        history.Epochs.Should().BeSameAs(epochs);
        training.Should().Equal(0.5f, 0.25f);
        validation.Should().Equal(0.7f, 0.6f);
        epochs.Select(e => e.Epoch).Should().Equal(1, 2);
    }

    [Fact]
    public void ValidationLoss_EpochsWithoutValidation_AreLeftOut()
    {
        var history = new TrainingHistory();

        history.Add(Epoch(1, 0.5f, null));
        history.Add(Epoch(2, 0.4f, null));

        history.TrainingLoss.Should().HaveCount(2);
        history.ValidationLoss.Should().BeEmpty();
    }

    [Fact]
    public void Lists_CastToMutableList_AreNotWritable()
    {
        var history = new TrainingHistory();
        history.Add(Epoch(1, 0.5f, 0.7f));

        (history.TrainingLoss as IList<float>)!.IsReadOnly.Should().BeTrue();
        (history.ValidationLoss as IList<float>)!.IsReadOnly.Should().BeTrue();
        (history.Epochs as IList<EpochMetrics>)!.IsReadOnly.Should().BeTrue();
    }
}
