using System.Net;
using System.Net.Sockets;
using Porch.Wire.ProxyProtocol;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Client;

/// <summary>
/// The PROXY header (<c>porch share --tcp --proxy-protocol v1|v2</c>) written to the app first on each public TCP
/// connection, so the app sees the real client: source = the public client, destination = the relay address and port
/// it dialled (from the stream's open line). HTTP streams never get one: they carry X-Forwarded-For already.
/// </summary>
internal static class ProxyHeaderOut
{
    /// <summary>The header bytes for <paramref name="open"/>, version 1 (text) or 2 (binary).</summary>
    public static byte[] For(StreamOpenMessage open, int version)
    {
        var header = Header(open, version);
        return version == 1 ? ProxyHeaderWriter.WriteV1(header) : ProxyHeaderWriter.WriteV2(header);
    }

    /// <summary>
    /// TCP4 or TCP6 with both addresses; when the relay sent one of each family, both as IPv6 (IPv4-mapped), since a
    /// header has one family. Addresses the relay did not give: UNKNOWN (v1) or UNSPEC (v2), which tell the app to
    /// keep the connection's own addresses (spec §2.1, §2.2).
    /// </summary>
    private static ProxyHeader Header(StreamOpenMessage open, int version)
    {
        if (!IPAddress.TryParse(open.ClientAddress, out var source) || !IPAddress.TryParse(open.RelayAddress, out var destination)
            || open.ClientPort is < 0 or > 65535 || open.RelayPort is < 0 or > 65535)
        {
            return new ProxyHeader { Version = version, Family = ProxyAddressFamily.Unspecified, Transport = ProxyTransport.Unspecified };
        }

        if (source.AddressFamily != destination.AddressFamily)
        {
            source = source.MapToIPv6();
            destination = destination.MapToIPv6();
        }

        return new ProxyHeader
        {
            Version = version,
            Family = source.AddressFamily == AddressFamily.InterNetwork ? ProxyAddressFamily.Inet : ProxyAddressFamily.Inet6,
            Source = new IPEndPoint(source, open.ClientPort),
            Destination = new IPEndPoint(destination, open.RelayPort),
        };
    }
}
