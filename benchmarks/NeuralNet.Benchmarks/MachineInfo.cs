namespace NeuralNet.Benchmarks;

/// <summary>What the quick harnesses print about the machine, so that a pasted table says where it ran.</summary>
internal static class MachineInfo
{
    /// <summary>The first "model name" of /proc/cpuinfo, or "unknown" off Linux.</summary>
    public static string CpuModel
    {
        get
        {
            const string CpuInfo = "/proc/cpuinfo";
            if (File.Exists(CpuInfo))
            {
                foreach (string line in File.ReadLines(CpuInfo))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal))
                    {
                        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                    }
                }
            }

            return "unknown";
        }
    }

    /// <summary>The 1-, 5- and 15-minute load averages from /proc/loadavg, or "unknown".</summary>
    public static string LoadAverage
    {
        get
        {
            const string LoadAvg = "/proc/loadavg";
            if (!File.Exists(LoadAvg))
            {
                return "unknown";
            }

            string[] fields = File.ReadAllText(LoadAvg).Split(' ');
            return fields.Length >= 3 ? $"{fields[0]} {fields[1]} {fields[2]}" : "unknown";
        }
    }
}
