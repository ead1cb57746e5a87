namespace Porch.Wire.Tunnel;

/// <summary>The <see cref="ClosingMessage.Reason"/> values.</summary>
internal static class ClosingReason
{
    /// <summary>The token was revoked: the client stops.</summary>
    public const string Revoked = "revoked";

    /// <summary>Another client with the same token took this name over: the client stops (else two would flap).</summary>
    public const string Replaced = "replaced";

    /// <summary>The relay is shutting down: the client reconnects with backoff.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>Whether a client should reconnect after this reason.</summary>
    public static bool Reconnects(string reason) => reason is not (Revoked or Replaced);
}
