namespace Porch.Wire.Tunnel;

/// <summary>The <see cref="StreamOpenMessage.Kind"/> values.</summary>
internal static class StreamKind
{
    /// <summary>HTTP from the relay's forwarder (already carrying X-Forwarded-For/Forwarded).</summary>
    public const string Http = "http";

    /// <summary>Raw bytes of one public TCP connection.</summary>
    public const string Tcp = "tcp";
}
