namespace Porch.StaticFiles;

/// <summary>
/// The managed equivalent of realpath(3): walks a path one component at a time and follows every symbolic link,
/// including links in the middle of the path and links whose targets contain links, so the result names the file
/// the kernel would open. Containment is only meaningful on such a path: a prefix check on the unresolved one is
/// fooled by <c>root/link -&gt; /etc</c>.
/// </summary>
internal static class RealPath
{
    /// <summary>Linux gives up with ELOOP after 40 links; so do we (it also ends link cycles).</summary>
    private const int MaxLinks = 40;

    /// <summary>Resolves <paramref name="relative"/> below <paramref name="realBase"/>, a folder already free of links.</summary>
    /// <returns>The real path, or null when a component does not exist, a file is followed by more components, or links loop.</returns>
    public static string? Resolve(string realBase, string relative, out bool isDirectory)
    {
        isDirectory = true;
        var pending = new Stack<string>();
        Push(pending, relative);
        var current = realBase;
        var links = 0;
        while (pending.TryPop(out var name))
        {
            if (name.Length == 0 || name == ".")
            {
                continue;
            }

            if (!isDirectory)
            {
                return null;
            }

            if (name == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, name);
            var info = new FileInfo(next);
            var attributes = info.Attributes;
            if ((int)attributes == -1)
            {
                return null;
            }

            if (attributes.HasFlag(FileAttributes.ReparsePoint) && info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    return null;
                }

                // A relative target is relative to the link's own folder, which is still `current`.
                if (Path.IsPathRooted(target))
                {
                    current = Path.GetPathRoot(target)!;
                }

                Push(pending, target);
                continue;
            }

            isDirectory = attributes.HasFlag(FileAttributes.Directory);
            current = next;
        }

        return current;
    }

    /// <summary>The real path of an existing folder given by any path, or null if it does not exist.</summary>
    public static string? OfDirectory(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var real = Resolve(root, full[root.Length..], out var isDirectory);
        return isDirectory ? real : null;
    }

    private static void Push(Stack<string> pending, string path)
    {
        var names = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        for (var i = names.Length - 1; i >= 0; i--)
        {
            pending.Push(names[i]);
        }
    }
}
