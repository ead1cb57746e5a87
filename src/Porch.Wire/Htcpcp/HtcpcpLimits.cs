namespace Porch.Wire.Htcpcp;

/// <summary>
/// Bounds on what a pot reads from one client. A coffee command is a few hundred bytes; anything far larger is a
/// mistake or an attack, and is refused before it is buffered.
/// </summary>
internal sealed record HtcpcpLimits
{
    public static readonly HtcpcpLimits Default = new();

    /// <summary>Request line and header fields together, terminating blank line included.</summary>
    public int MaxHeadBytes { get; init; } = 8 * 1024;

    public int MaxHeaderCount { get; init; } = 64;

    /// <summary>A body announced by Content-Length beyond this is refused; <c>start</c> and <c>stop</c> are five and four bytes.</summary>
    public int MaxBodyBytes { get; init; } = 4 * 1024;
}
