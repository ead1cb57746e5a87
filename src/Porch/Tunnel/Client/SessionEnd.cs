namespace Porch.Tunnel.Client;

/// <summary>How one session with the relay ended, and what the client does next.</summary>
/// <param name="Reconnect">Try again after a backoff delay; false: stop.</param>
/// <param name="Reason">
/// For a reconnect, the cause in a few words ("connection refused"); for a stop, the whole line for the user.
/// </param>
/// <param name="WasOnline">Whether the tunnel had come online in this session.</param>
/// <param name="RefusalCode">The relay's error code when it refused the hello (<see cref="Porch.Wire.Tunnel.TunnelErrorCode"/>).</param>
internal sealed record SessionEnd(bool Reconnect, string Reason, bool WasOnline, string? RefusalCode = null)
{
    public static SessionEnd Retry(string reason, bool wasOnline) => new(true, reason, wasOnline);

    public static SessionEnd Stop(string line, bool wasOnline) => new(false, line, wasOnline);
}
