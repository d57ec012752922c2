using System.Text;

namespace NeuralNet.Serialization;

/// <summary>
/// The four-letter tags of version-2 sections. As in PNG, the case of the first letter is the
/// rule for readers that do not know a tag: upper case means required (refuse the file), lower
/// case means optional (skip it).
/// </summary>
internal static class SectionTag
{
    /// <summary>The network's layers; required, exactly once, first.</summary>
    public static ReadOnlySpan<byte> Architecture => "MODL"u8;

    /// <summary>One parameter tensor's values; required, one per tensor, in order.</summary>
    public static ReadOnlySpan<byte> Parameter => "PARM"u8;

    /// <summary>The end of the file; required, last, empty.</summary>
    public static ReadOnlySpan<byte> End => "DONE"u8;

    /// <summary>Class names in output order; optional, at most once.</summary>
    public static ReadOnlySpan<byte> ClassNames => "clas"u8;

    /// <summary>Feature names in column order; optional, at most once.</summary>
    public static ReadOnlySpan<byte> FeatureNames => "feat"u8;

    /// <summary>The task kind, one byte; optional, at most once.</summary>
    public static ReadOnlySpan<byte> Task => "task"u8;

    /// <summary>How the model was trained; optional, at most once.</summary>
    public static ReadOnlySpan<byte> Training => "meta"u8;

    public static bool IsWellFormed(ReadOnlySpan<byte> tag)
    {
        foreach (byte b in tag)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsRequired(ReadOnlySpan<byte> tag) => char.IsAsciiLetterUpper((char)tag[0]);

    /// <summary>The tag for messages: its letters, or its bytes in hex when it is not four letters.</summary>
    public static string Text(ReadOnlySpan<byte> tag) =>
        IsWellFormed(tag) ? Encoding.ASCII.GetString(tag) : "0x" + Convert.ToHexString(tag);
}
