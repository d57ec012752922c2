using System.Diagnostics;
using NeuralNet.Serialization;
using NeuralNet.Training;
using NeuralNet.TrainingProcess;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Training;

/// <summary>
/// A training process killed with SIGKILL mid-run leaves a checkpoint from which a new trainer in
/// another process reaches the uninterrupted run's weights, bit for bit.
/// </summary>
public sealed class KillAndResumeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("neuralnet-kill-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TrainingProcessKilledMidRun_ResumesToTheUninterruptedWeights()
    {
        string checkpoint = Path.Combine(_directory, "run.ckpt");
        int lastEpochSeen = RunAndKill(checkpoint, afterEpoch: 3, out bool finished);
        finished.Should().BeFalse("the child must be killed before its run ends");

        // The checkpoint is whichever complete one the kill left. An epoch is printed before its
        // checkpoint is saved, so the kill may land in that save: the one before it then remains.
        int savedEpochs = ModelFile.Load(checkpoint).Metadata.Training!.Epochs!.Value;
        savedEpochs.Should().BeInRange(lastEpochSeen - 1, CheckpointedRun.Epochs - 1);
        string[] others = [.. Directory.GetFiles(_directory).Where(f => f != checkpoint)];
        others.Should().HaveCountLessThanOrEqualTo(1, "at most the temporary file of the save the kill interrupted remains");
        others.Where(f => !Path.GetFileName(f).StartsWith(".run.ckpt.", StringComparison.Ordinal)).Should().BeEmpty();

        Trainer resumed = CheckpointedRun.Create(checkpoint);
        TrainingHistory history = resumed.Resume(checkpoint, CheckpointedRun.Train);
        Trainer straight = CheckpointedRun.Create(checkpointPath: null);
        TrainingHistory expected = straight.Fit(CheckpointedRun.Train);

        TrainingFixtures.WeightBits(resumed.Model).Should().Equal(TrainingFixtures.WeightBits(straight.Model));
        history.TrainingLoss.Should().Equal(expected.TrainingLoss);
    }

    /// <summary>Starts the training process, kills it (SIGKILL) once it reports <paramref name="afterEpoch"/>, and returns the last epoch it reported.</summary>
    private static int RunAndKill(string checkpoint, int afterEpoch, out bool finished)
    {
        using Process child = ChildProcess.Start("NeuralNet.TrainingProcess", checkpoint);
        int epoch = 0;
        finished = false;
        try
        {
            while (child.StandardOutput.ReadLine() is { } line)
            {
                if (line == "done")
                {
                    finished = true;
                    break;
                }

                epoch = int.Parse(line["epoch ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                if (epoch >= afterEpoch)
                {
                    child.Kill(); // SIGKILL on Unix: no finally blocks, no flushing, mid-step or mid-save
                    break;
                }
            }
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }

            child.WaitForExit();
        }

        epoch.Should().BeGreaterThan(0, "the child must report epochs; its error output was: " + child.StandardError.ReadToEnd());
        return epoch;
    }
}
