namespace Porch.Tests.Forwarding.Smuggling;

/// <summary>
/// How Porch ended one HTTP/2 stream: a response status, a stream reset, or the connection going away; and how the
/// connection stood when reading stopped (so a failure says whether the server closed or reset it).
/// </summary>
internal sealed record H2Outcome(int? Status, uint? ResetCode, uint? GoAwayCode, string Connection)
{
    /// <summary>Refused in HTTP/2's own way (RFC 9113 §8.1.1: a malformed request is a stream error) or with a 4xx.</summary>
    public bool Refused => ResetCode is not null || GoAwayCode is not null || Status is >= 400 and < 500;

    public override string ToString() => $"status {Status?.ToString() ?? "-"}, reset {ResetCode?.ToString() ?? "-"}, goaway {GoAwayCode?.ToString() ?? "-"}, connection {Connection}";
}
