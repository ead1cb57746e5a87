namespace Porch.StaticFiles;

/// <summary>The outcome of resolving a request path.</summary>
internal enum ResolvedKind
{
    /// <summary>Nothing servable there: missing, hidden (a dotfile) or not a regular file or folder. Answered 404.</summary>
    NotFound,

    /// <summary>A traversal attempt (<see cref="PathProblem"/>). Answered 404, like a missing file, and logged.</summary>
    Refused,

    /// <summary>A file inside the root.</summary>
    File,

    /// <summary>A folder inside the root.</summary>
    Directory,
}
