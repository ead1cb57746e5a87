namespace Porch.StaticFiles;

/// <summary>Where a request path leads inside the root.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="RealPath">The file or folder with every link resolved (File and Directory only).</param>
/// <param name="Problem">Why the path was refused (Refused only).</param>
internal readonly record struct ResolvedPath(ResolvedKind Kind, string? RealPath = null, PathProblem Problem = PathProblem.None)
{
    public static readonly ResolvedPath NotFound = new(ResolvedKind.NotFound);

    public static ResolvedPath Refused(PathProblem problem) => new(ResolvedKind.Refused, null, problem);
}
