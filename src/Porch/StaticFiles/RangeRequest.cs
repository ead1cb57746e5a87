namespace Porch.StaticFiles;

/// <summary>What a Range header asks for (RFC 9110 §14.2).</summary>
internal enum RangeRequest
{
    /// <summary>No usable single range: the whole representation is sent with 200.</summary>
    Ignored,

    /// <summary>One range inside the representation: 206 with Content-Range (§15.3.7).</summary>
    Satisfiable,

    /// <summary>A range entirely past the end: 416 with <c>Content-Range: bytes */LEN</c> (§15.5.17).</summary>
    Unsatisfiable,
}
