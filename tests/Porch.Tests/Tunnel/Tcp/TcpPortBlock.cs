using System.Net;
using System.Net.Sockets;
using Porch.Tests.Support;
using Porch.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Tcp;

/// <summary>
/// A run of consecutive ports on 127.0.0.1 that were all free a moment ago, for a relay's <c>--tcp-ports</c>: it
/// starts at a port the kernel handed out, and each of the others was bound and released to check it.
/// </summary>
internal static class TcpPortBlock
{
    public static TcpPortRange Allocate(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var from = FreePort.Allocate();
            if (from + count - 1 <= 65535 && Enumerable.Range(from + 1, count - 1).All(IsFree))
            {
                return new TcpPortRange(from, from + count - 1);
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free ports were found on 127.0.0.1");
    }

    private static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
