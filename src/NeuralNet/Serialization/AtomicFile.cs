using System.Security.Cryptography;

namespace NeuralNet.Serialization;

/// <summary>
/// Replaces a file so that anyone opening it sees either the old content or the new, whole: write a
/// temporary file beside the target, flush it to the disk, then rename it over the target.
/// </summary>
/// <remarks>
/// <para>Each save gets its own temporary name — a dot, the target's name, 16 random hex digits,
/// <c>.tmp</c> — created with <see cref="FileMode.CreateNew"/>, so concurrent saves to one path
/// never share or delete each other's files, and a temporary left by a crashed process (named so
/// that it cannot be the target, nor end in <c>.nnet</c>) is never read, reused or removed by
/// a later save. Any failure removes this save's temporary file.</para>
/// <para>A symbolic link is written through: the temporary file goes beside the link's final
/// target, which is replaced, and the link stays a link. On Unix the target's permission bits
/// are kept (the temporary file is created with them, so it is never more open than the target);
/// its owner becomes the saving user, as with any replace-by-rename. The rename is atomic on
/// POSIX file systems; the directory entry is not flushed, which .NET does not expose, so after
/// a power loss the old file may reappear — but never a partial one.</para>
/// </remarks>
internal static class AtomicFile
{
    private const int MaxBaseNameLength = 200;

    public static void Write(string path, Action<Stream> write)
    {
        string target = FinalTarget(Path.GetFullPath(path));
        string temporary = TemporaryPath(target);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
        };
        UnixFileMode? mode = null;
        if (!OperatingSystem.IsWindows() && File.Exists(target))
        {
            mode = File.GetUnixFileMode(target);
            options.UnixCreateMode = mode;
        }

        FileStream? stream = null;
        try
        {
            stream = new FileStream(temporary, options);
            if (mode is UnixFileMode kept && !OperatingSystem.IsWindows())
            {
                // The create mode passes through the umask; set it exactly.
                File.SetUnixFileMode(stream.SafeFileHandle, kept);
            }

            write(stream);
            stream.Flush(flushToDisk: true);
            stream.Dispose();
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            // Only a file this save created is removed: CreateNew failing means it is someone else's.
            if (stream is not null)
            {
                stream.Dispose();
                File.Delete(temporary);
            }

            throw;
        }
    }

    /// <summary>The file a path finally names: itself, or what its chain of symbolic links ends at.</summary>
    private static string FinalTarget(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is null ? path : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
    }

    private static string TemporaryPath(string target)
    {
        string name = Path.GetFileName(target);
        if (name.Length > MaxBaseNameLength)
        {
            name = name[..MaxBaseNameLength];
        }

        string random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return Path.Combine(Path.GetDirectoryName(target)!, $".{name}.{random}.tmp");
    }
}
