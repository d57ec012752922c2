// The course programs: `dotnet run -c Release --project samples/NeuralNet.Samples -- <name> [--out DIR] [--quick] [--seeds N]`.
using NeuralNet.Samples;

ISample[] samples = SampleCatalog.All;
string? name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
ISample? sample = samples.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
if (sample is null)
{
    Console.WriteLine("usage: dotnet run -c Release --project samples/NeuralNet.Samples -- <program> [--out DIR] [--quick] [--seeds N]");
    foreach (ISample s in samples)
    {
        Console.WriteLine($"  {s.Name,-16} {s.Description}");
    }

    return name is null ? 0 : 2;
}

int outIndex = Array.IndexOf(args, "--out");
int seedsIndex = Array.IndexOf(args, "--seeds");
int seeds = 1;
if (seedsIndex >= 0 && !(seedsIndex + 1 < args.Length && int.TryParse(args[seedsIndex + 1], System.Globalization.CultureInfo.InvariantCulture, out seeds) && seeds >= 1))
{
    Console.WriteLine("--seeds needs a whole number of at least 1, e.g. --seeds 5");
    return 2;
}

string output = Path.GetFullPath(outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : Path.Combine("output", sample.Name));
Directory.CreateDirectory(output);
var options = new SampleOptions(output, Quick: args.Contains("--quick"), Seeds: seeds);
SampleResult result = sample.Run(options, SampleConsole.ForTerminal());
Console.WriteLine($"pictures in {output}: {string.Join(", ", result.Files.Select(Path.GetFileName))}");
return 0;
