using System.Net;
using System.Net.Sockets;

namespace Porch.Tests.Hosting;

internal static class TestPorts
{
    /// <summary>A port the kernel just handed out on 127.0.0.1, released for the test to use.</summary>
    public static int Free()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
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

    /// <summary>Polls <paramref name="condition"/> until it holds or the bound passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        do
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        return false;
    }
}
