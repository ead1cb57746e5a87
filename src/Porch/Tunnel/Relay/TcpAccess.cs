using System.Net;
using Microsoft.AspNetCore.Http;
using Porch.Access;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// Who may use a tunnel's public TCP port. Raw TCP has no place for a password, so a tunnel gets a port only when its
/// access rules need none: everyone allowed (<c>--remote allow</c>) or an allow list. Each connection then goes through
/// the same address checks as an HTTP request (<see cref="AccessGate.Screen"/>: lists, rate limit).
/// </summary>
internal static class TcpAccess
{
    /// <summary>Why a hello asking for a TCP port is refused (a permanent 400), or null when it may have one.</summary>
    public static Registration? Refusal(TunnelHello hello, RelaySettings settings)
    {
        if (settings.TcpPorts is null)
        {
            return Registration.Refused(StatusCodes.Status400BadRequest, TunnelErrorCode.BadHello,
                "this relay gives out no TCP ports; its operator can allow them with `porch relay --tcp-ports FROM-TO`, or share without --tcp");
        }

        return OpenToTcp(hello.Policy)
            ? null
            : Registration.Refused(StatusCodes.Status400BadRequest, TunnelErrorCode.BadHello,
                "a TCP port cannot ask for a password, so it needs the tunnel open to everyone or to listed networks: " +
                "`porch share --tcp --remote allow` or `porch share --tcp --allow CIDR`");
    }

    /// <summary>Why a public connection from <paramref name="address"/> is refused, or null when it may go on.</summary>
    public static string? Check(AccessPolicy policy, IPAddress address) => AccessGate.Screen(policy, address, out _) switch
    {
        AddressScreen.Listed => "address list",
        AddressScreen.RateLimited => "rate limit",
        _ => OpenToTcp(policy) ? null : "the tunnel is not open to TCP clients",
    };

    /// <summary>Everyone allowed, or an allow list (whose addresses pass even where HTTP would ask them for a password).</summary>
    private static bool OpenToTcp(AccessPolicy policy) => policy.Remote == AccessMode.Allow || !policy.Allow.IsEmpty;
}
