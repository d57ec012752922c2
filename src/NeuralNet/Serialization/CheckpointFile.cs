using NeuralNet.Layers;

namespace NeuralNet.Serialization;

/// <summary>
/// A checkpoint on disk: a version-2 <c>.nnet</c> model file with two more optional sections,
/// <c>optm</c> (the optimizer's state) and <c>trst</c> (the trainer's), so that
/// <see cref="ModelFile.Load"/> reads a checkpoint as the model it holds and skips the rest.
/// docs/file-format.md gives both payloads byte by byte; <c>Training/Checkpoint.cs</c> encodes them.
/// </summary>
internal static class CheckpointFile
{
    public const string OptimizerTag = "optm";
    public const string TrainerTag = "trst";

    /// <summary>Saves atomically (a reader sees the previous checkpoint or this one, never a part).</summary>
    /// <exception cref="InvalidOperationException">A weight is not finite: the previous checkpoint is kept.</exception>
    public static void Save(string path, Sequential model, byte[] optimizerState, byte[] trainerState)
    {
        ModelFileWriter.Plan plan = ModelFileWriter.Check(model);
        plan = plan with { Metadata = [.. plan.Metadata, new(OptimizerTag, optimizerState), new(TrainerTag, trainerState)] };
        AtomicFile.Write(path, stream => ModelFileWriter.Write(model, plan, stream));
    }

    /// <summary>Loads the model and both state payloads, undecoded.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid model file, or a model file without a checkpoint's sections.</exception>
    public static (Sequential Model, byte[] OptimizerState, byte[] TrainerState) Load(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.SequentialScan);
        var extras = new Dictionary<string, byte[]?> { [OptimizerTag] = null, [TrainerTag] = null };
        Sequential model = ModelFile.Read(stream, extras);
        if (extras[OptimizerTag] is not { } optimizer || extras[TrainerTag] is not { } trainer)
        {
            throw new InvalidDataException(
                $"'{path}' is a model file but not a checkpoint: it has no '{OptimizerTag}' and '{TrainerTag}' sections (Trainer.CheckpointPath writes them).");
        }

        return (model, optimizer, trainer);
    }
}
