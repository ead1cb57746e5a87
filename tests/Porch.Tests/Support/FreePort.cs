using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Porch.Tests.Support;

/// <summary>
/// Ports on 127.0.0.1: one the kernel just handed out (for a listener added later or a peer that cannot report the
/// port it bound), and whether something listens on one.
/// </summary>
internal static class FreePort
{
    /// <summary>Every port <see cref="Allocate"/> returned in this process.</summary>
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>
    /// A port the kernel just handed out on 127.0.0.1, released for the test to use. Once released, the kernel may hand
    /// the same port out again at once (a test asking for an HTTPS and an HTTP port once got one port twice), so a port
    /// is returned only once per process: two ports a test asks for differ, and parallel tests do not share one.
    /// </summary>
    public static int Allocate()
    {
        for (var attempt = 1; ; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0) || attempt == 100)
            {
                return port;
            }
        }
    }

    /// <summary>Waits until something accepts connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Whether a TCP connection to 127.0.0.1:<paramref name="port"/> is refused (nothing listens).</summary>
    public static async Task<bool> RefusesAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(5));
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }
}
