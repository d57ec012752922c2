namespace NeuralNet.Samples;

/// <summary>One course program, run as <c>dotnet run --project samples/NeuralNet.Samples -- &lt;name&gt;</c>.</summary>
internal interface ISample
{
    /// <summary>The sub-command name, e.g. <c>xor</c>.</summary>
    string Name { get; }

    /// <summary>One line for the usage listing.</summary>
    string Description { get; }

    /// <summary>Runs the program and returns what it measured (for the smoke tests), writing its pictures under <see cref="SampleOptions.OutputDirectory"/>.</summary>
    SampleResult Run(SampleOptions options, SampleConsole console);
}
