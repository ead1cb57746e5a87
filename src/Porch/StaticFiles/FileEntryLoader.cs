using Microsoft.Win32.SafeHandles;

namespace Porch.StaticFiles;

/// <summary>Builds <see cref="FileEntry"/>s: reads small files into memory, finds precompressed siblings.</summary>
internal sealed class FileEntryLoader(PathResolver resolver)
{
    /// <summary>Files up to this size are held in memory and answered without touching the disk beyond a stat.</summary>
    public const long MaxCachedLength = 64 * 1024;

    /// <summary>Builds the entry for a file already resolved inside the root.</summary>
    /// <returns>The entry, and whether it holds the file in memory and may be cached.</returns>
    public (FileEntry Entry, bool Cacheable) Load(string realPath)
    {
        var (contentType, compressible) = ContentTypes.For(realPath);
        var (identity, cacheable, lastWrite) = Read(realPath, ContentCoding.Identity);
        Representation? brotli = null, gzip = null;
        if (compressible)
        {
            brotli = Sibling(realPath, ".br", ContentCoding.Brotli, ref cacheable);
            gzip = Sibling(realPath, ".gz", ContentCoding.Gzip, ref cacheable);
        }

        return (new FileEntry(realPath, lastWrite, contentType, compressible, identity, brotli, gzip), cacheable);
    }

    private Representation? Sibling(string realPath, string suffix, ContentCoding coding, ref bool cacheable)
    {
        // The sibling is resolved like a request path: it may be a link, and one leading outside the root is ignored.
        var directory = Path.GetDirectoryName(realPath)!;
        var sibling = resolver.ResolveIn(directory, Path.GetFileName(realPath) + suffix);
        if (sibling.Kind != ResolvedKind.File)
        {
            return null;
        }

        var (representation, small, _) = Read(sibling.RealPath!, coding);
        cacheable &= small;
        return representation;
    }

    /// <summary>
    /// A file as a representation: in memory when small and unchanged while read, else streamed from disk. Size and
    /// time come from the open handle (fstat), so they describe the very bytes read even if the path is replaced.
    /// </summary>
    /// <returns>The representation, whether it is in memory, and the exact modification time it reflects.</returns>
    private static (Representation Representation, bool InMemory, DateTime LastWrite) Read(string path, ContentCoding coding)
    {
        var info = new FileInfo(path);
        var length = info.Length;
        var lastWrite = info.LastWriteTimeUtc;
        if (length == 0)
        {
            // Never opened: FIFOs and device nodes report size 0, and opening a FIFO blocks until a writer comes.
            return (Representation.Stored(path, 0, lastWrite, [], coding), true, lastWrite);
        }

        if (length > MaxCachedLength)
        {
            return (Representation.Stored(path, length, lastWrite, null, coding), false, lastWrite);
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        length = RandomAccess.GetLength(handle);
        lastWrite = File.GetLastWriteTimeUtc(handle);
        if (length > MaxCachedLength)
        {
            return (Representation.Stored(path, length, lastWrite, null, coding), false, lastWrite);
        }

        var content = new byte[length];
        var complete = ReadFully(handle, content);
        var stable = complete && RandomAccess.GetLength(handle) == length && File.GetLastWriteTimeUtc(handle) == lastWrite;

        if (stable)
        {
            return (Representation.Stored(path, length, lastWrite, content, coding), true, lastWrite);
        }

        // A file being written is streamed this time, and read again next time.
        lastWrite = File.GetLastWriteTimeUtc(handle);
        return (Representation.Stored(path, RandomAccess.GetLength(handle), lastWrite, null, coding), false, lastWrite);
    }

    private static bool ReadFully(SafeFileHandle handle, byte[] content)
    {
        var total = 0;
        while (total < content.Length)
        {
            var read = RandomAccess.Read(handle, content.AsSpan(total), total);
            if (read == 0)
            {
                return false;
            }

            total += read;
        }

        return true;
    }
}
