namespace NeuralNet.Samples.Tests;

/// <summary>Runs a program in quick mode into a fresh temporary folder, which it deletes afterwards.</summary>
internal sealed class SampleRun : IDisposable
{
    public SampleRun(ISample sample, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Directory = Path.Combine(Path.GetTempPath(), $"neuralnet-{sample.Name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        Result = sample.Run(new SampleOptions(Directory, Quick: true), SampleConsole.Plain(output ?? TextWriter.Null));
    }

    public string Directory { get; }

    public SampleResult Result { get; }

    public double this[string figure] => Result.Figures[figure];

    public string File(string name) => Path.Combine(Directory, name);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
