namespace NeuralNet.Tests.Serialization;

/// <summary>A fact that is skipped, saying why, where Unix file modes, symbolic links and <c>/dev/zero</c> do not exist.</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "needs Unix: file modes, symbolic links and /dev/zero";
        }
    }
}
