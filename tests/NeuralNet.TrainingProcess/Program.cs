// Trains CheckpointedRun with a checkpoint at the path given, printing "epoch N" as each epoch
// ends, so that a test can kill the process (SIGKILL) mid-run and resume from the checkpoint.
using NeuralNet.TrainingProcess;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: NeuralNet.TrainingProcess CHECKPOINT-PATH");
    return 2;
}

CheckpointedRun.Create(args[0], m => Console.WriteLine($"epoch {m.Epoch}")).Fit(CheckpointedRun.Train);
Console.WriteLine("done");
return 0;
