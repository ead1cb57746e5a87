namespace Porch.Storage;

/// <summary>
/// Writes state files (keys, certificates, account data) so that a crash at any moment leaves either the old file or
/// the new one, never a torn mix: the bytes go to a temporary file in the same folder, are flushed to disk, get their
/// mode, and the temporary file is renamed over the target (rename is atomic within a file system).
/// </summary>
internal static class AtomicFile
{
    /// <summary>Owner read/write only: private keys and account secrets.</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Readable by everyone, writable by the owner: certificates and other public data.</summary>
    public const UnixFileMode Public = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void Write(string path, ReadOnlySpan<byte> bytes, UnixFileMode mode)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            // The mode is set at creation, so a private key is never readable by others, not even for a moment.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public static void WriteText(string path, string text, UnixFileMode mode) =>
        Write(path, System.Text.Encoding.UTF8.GetBytes(text), mode);
}
