// The course programs: `dotnet run -c Release --project samples/NeuralNet.Samples -- <name> [--out DIR] [--quick]`.
using NeuralNet.Samples;

ISample[] samples = SampleCatalog.All;
string? name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
ISample? sample = samples.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
if (sample is null)
{
    Console.WriteLine("usage: dotnet run -c Release --project samples/NeuralNet.Samples -- <program> [--out DIR] [--quick]");
    foreach (ISample s in samples)
    {
        Console.WriteLine($"  {s.Name,-16} {s.Description}");
    }

    return name is null ? 0 : 2;
}

int outIndex = Array.IndexOf(args, "--out");
string output = Path.GetFullPath(outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : Path.Combine("output", sample.Name));
Directory.CreateDirectory(output);
var options = new SampleOptions(output, Quick: args.Contains("--quick"));
SampleResult result = sample.Run(options, SampleConsole.ForTerminal());
Console.WriteLine($"pictures in {output}: {string.Join(", ", result.Files.Select(Path.GetFileName))}");
return 0;
