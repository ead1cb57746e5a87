using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>What <see cref="TunnelRegistry.Register"/> decided: the new session, or the refusal to send instead of a welcome.</summary>
internal sealed record Registration(TunnelSession? Session, int StatusCode, ErrorMessage? Error)
{
    public static Registration Refused(int statusCode, string code, string detail) => new(null, statusCode, new ErrorMessage(code, detail));
}
