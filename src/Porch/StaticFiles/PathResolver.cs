namespace Porch.StaticFiles;

/// <summary>
/// Maps a decoded request path to a file or folder inside one root, and guarantees nothing outside it is named:
/// <list type="number">
/// <item>each segment is checked (<see cref="RequestTargetGuard.InspectDecodedSegment"/>): dot-segments, separators,
/// NUL, control characters and leftover escapes are refused;</item>
/// <item>dotfiles and dot-folders are hidden, except <c>/.well-known/</c> (RFC 8615), which ACME challenges need;</item>
/// <item>the path is resolved like realpath(3) (<see cref="RealPath"/>) and must end inside the real root, so links
/// inside the root that point inside it keep working and links that leave it are refused.</item>
/// </list>
/// </summary>
internal sealed class PathResolver
{
    public const string WellKnown = ".well-known";

    /// <summary>NAME_MAX on Linux: no file system holds a longer name, so no such file exists.</summary>
    private const int MaxNameLength = 255;

    public PathResolver(string root)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        RealRoot = RealPath.OfDirectory(full) ?? full;
    }

    /// <summary>The root with every link resolved, computed once: the prefix every served path must have.</summary>
    public string RealRoot { get; }

    /// <summary>Resolves a decoded request path (starting with '/') below the root.</summary>
    public ResolvedPath Resolve(string path)
    {
        var first = true;
        foreach (var range in path.AsSpan().Split('/'))
        {
            var segment = path.AsSpan(range);
            if (segment.IsEmpty)
            {
                continue;
            }

            var problem = RequestTargetGuard.InspectDecodedSegment(segment);
            if (problem != PathProblem.None)
            {
                return ResolvedPath.Refused(problem);
            }

            if (segment.Length > MaxNameLength || (segment[0] == '.' && !(first && segment.SequenceEqual(WellKnown))))
            {
                return ResolvedPath.NotFound;
            }

            first = false;
        }

        return ResolveBelow(RealRoot, path);
    }

    /// <summary>
    /// A name next to or inside something already resolved (index.html in a folder, <c>app.js.br</c> beside
    /// <c>app.js</c>): resolved and checked again, since it may itself be a link that leaves the root.
    /// </summary>
    public ResolvedPath ResolveIn(string realDirectory, string name) => ResolveBelow(realDirectory, name);

    /// <summary>Whether a real (link-free) path is the root or below it.</summary>
    public bool Contains(string realPath)
    {
        if (!realPath.StartsWith(RealRoot, StringComparison.Ordinal))
        {
            return false;
        }

        return realPath.Length == RealRoot.Length
            || Path.EndsInDirectorySeparator(RealRoot)
            || realPath[RealRoot.Length] == Path.DirectorySeparatorChar;
    }

    private ResolvedPath ResolveBelow(string realBase, string relative)
    {
        var real = RealPath.Resolve(realBase, relative, out var isDirectory);
        if (real is null)
        {
            return ResolvedPath.NotFound;
        }

        if (!Contains(real))
        {
            return ResolvedPath.Refused(PathProblem.OutsideRoot);
        }

        return new ResolvedPath(isDirectory ? ResolvedKind.Directory : ResolvedKind.File, real);
    }
}
