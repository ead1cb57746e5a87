namespace Porch.Wire.Tunnel;

/// <summary>The <see cref="ErrorMessage.Code"/> values, and which of them are worth retrying.</summary>
internal static class TunnelErrorCode
{
    /// <summary>401: no token, or one the relay does not know (or revoked). Permanent.</summary>
    public const string BadToken = "bad-token";

    /// <summary>409: the name is reserved to another token. Permanent.</summary>
    public const string NameTaken = "name-taken";

    /// <summary>400: the name is not a DNS label. Permanent.</summary>
    public const string BadName = "bad-name";

    /// <summary>400: the hello is missing, malformed, or of a version the relay does not speak. Permanent.</summary>
    public const string BadHello = "bad-hello";

    /// <summary>429: the token already holds as many tunnels as the relay allows. Retry later.</summary>
    public const string TooManyTunnels = "too-many-tunnels";

    /// <summary>503: the relay is stopping or cannot take tunnels now. Retry.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>Whether a client should stop instead of reconnecting after this error.</summary>
    public static bool IsPermanent(string code) => code is BadToken or NameTaken or BadName or BadHello;
}
