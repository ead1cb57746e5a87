using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Porch.Tunnel.Relay;

/// <summary>
/// One tunnel's public TCP port: a listening socket on the relay's bind address (every interface when none), and a
/// loop that hands each accepted connection to <see cref="TcpTunnelConnection"/> with the tunnel's current session
/// (looked up per connection, so a takeover by the same token keeps serving on the same port).
/// </summary>
internal sealed class TcpTunnelListener : IDisposable
{
    /// <summary>Pause after a failed accept (out of file descriptors, say) so the loop does not spin.</summary>
    private static readonly TimeSpan AcceptRetry = TimeSpan.FromMilliseconds(100);

    private readonly Socket socket;
    private readonly string name;
    private readonly TunnelRegistry registry;
    private readonly CancellationTokenSource stop = new();

    private TcpTunnelListener(Socket socket, int port, string name, TunnelRegistry registry)
    {
        this.socket = socket;
        this.name = name;
        this.registry = registry;
        Port = port;
        Logger = registry.LoggerFactory.CreateLogger("Porch.Tunnel.Relay");
    }

    public int Port { get; }

    public ILogger Logger { get; }

    /// <summary>A listener accepting on <paramref name="port"/>, or null when the port cannot be bound (in use).</summary>
    public static TcpTunnelListener? TryStart(IPAddress? bind, int port, string name, TunnelRegistry registry)
    {
        var address = bind ?? (Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (bind is null && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen();
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }

        var listener = new TcpTunnelListener(socket, port, name, registry);
        _ = listener.AcceptLoopAsync();
        return listener;
    }

    /// <summary>Stops accepting and ends this port's connections.</summary>
    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await socket.AcceptAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                TcpLog.AcceptFailed(Logger, Port, name, e.Message);
                await Task.Delay(AcceptRetry, registry.Time);
                continue;
            }

            client.NoDelay = true;
            _ = TcpTunnelConnection.RunAsync(client, new TcpTunnelConnection.Where(name, Port, registry, Logger), stop.Token);
        }
    }
}
