namespace Porch.StaticFiles;

/// <summary>The outcome of a request's conditional header fields (RFC 9110 §13.2.2).</summary>
internal enum Precondition
{
    /// <summary>No condition, or every condition holds: answer normally.</summary>
    Proceed,

    /// <summary>The client's copy is current: 304 Not Modified (§15.4.5).</summary>
    NotModified,

    /// <summary>If-Match or If-Unmodified-Since failed: 412 Precondition Failed (§15.5.13).</summary>
    Failed,
}
