namespace Porch.Tests.Forwarding.Smuggling;

/// <summary>
/// What <see cref="StrictRequestParser"/> made of one connection's bytes: the complete requests, then either nothing,
/// an incomplete last request (<see cref="Tail"/>), or bytes it refuses (<see cref="Error"/>).
/// </summary>
internal sealed record StrictParse(IReadOnlyList<ParsedRequest> Requests, int TailLength, string? Error)
{
    /// <summary>Bytes after the last complete request that do not yet make a request.</summary>
    public bool Tail => TailLength > 0;

    /// <summary>Every byte belongs to a complete, well-formed request.</summary>
    public bool Clean => Error is null && !Tail;
}
