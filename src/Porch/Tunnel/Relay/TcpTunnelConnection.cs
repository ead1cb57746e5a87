using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// One public TCP connection to a tunnel's port:
/// <list type="number">
/// <item>the tunnel's address checks (<see cref="TcpAccess.Check"/>: lists, rate limit);</item>
/// <item>a stream slot of the tunnel (its <see cref="RelaySettings.MaxStreams"/> cap, shared with HTTP);</item>
/// <item>a tunnel stream of kind tcp, whose open line carries the real client and the address it dialled, for the
/// sharer's PROXY header; the client's ready line, or its failure (the connection is closed);</item>
/// <item>raw bytes both ways (<see cref="TcpPump"/>), counted in the tunnel's totals, and one log line at the end.</item>
/// </list>
/// </summary>
internal static class TcpTunnelConnection
{
    public static async Task RunAsync(Socket client, Where where, CancellationToken stop)
    {
        using (client)
        {
            IPEndPoint remote, local;
            try
            {
                remote = Unmapped((IPEndPoint)client.RemoteEndPoint!);
                local = Unmapped((IPEndPoint)client.LocalEndPoint!);
            }
            catch (SocketException)
            {
                return; // Gone before it could be looked at.
            }

            var shown = remote.ToString();
            if (where.Registry.Find(where.Name) is not { } session)
            {
                TcpLog.ConnectionRefused(where.Logger, shown, where.Name, where.Port, "the tunnel is offline");
                return;
            }

            if (TcpAccess.Check(session.Policy, remote.Address) is { } reason)
            {
                TcpLog.ConnectionRefused(where.Logger, shown, where.Name, where.Port, reason);
                return;
            }

            if (!await session.EnterAsync(stop))
            {
                TcpLog.ConnectionBusy(where.Logger, shown, where.Name, where.Port, where.Registry.Settings.MaxStreams);
                return;
            }

            try
            {
                await ServeAsync(client, session, remote, local, where, stop);
            }
            finally
            {
                session.Exit();
            }
        }
    }

    private static async Task ServeAsync(Socket client, TunnelSession session, IPEndPoint remote, IPEndPoint local, Where where, CancellationToken stop)
    {
        var started = where.Registry.Time.GetTimestamp();
        var shown = remote.ToString();
        TunnelStream tunnel;
        try
        {
            // OpenStreamAsync hands out TunnelStreams; its signature is the forwarder's connect callback's.
            tunnel = (TunnelStream)await session.OpenStreamAsync(
                new StreamOpenMessage(StreamKind.Tcp, remote.Address.ToString(), remote.Port, local.Address.ToString(), local.Port), stop);
        }
        catch (HttpRequestException e)
        {
            TcpLog.ConnectionFailed(where.Logger, shown, where.Name, where.Port, e.Message);
            return;
        }
        catch (OperationCanceledException)
        {
            return; // The port closed while the stream opened.
        }

        TcpLog.ConnectionAccepted(where.Logger, shown, where.Name, where.Port);
        await using (tunnel)
        {
            var (bytesIn, bytesOut) = await TcpPump.RunAsync(client, tunnel, stop);
            var duration = where.Registry.Time.GetElapsedTime(started);
            TcpLog.ConnectionEnded(where.Logger, shown, where.Name, where.Port, duration, bytesIn, bytesOut);
        }
    }

    /// <summary>An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d; the app and the logs want a.b.c.d.</summary>
    private static IPEndPoint Unmapped(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    /// <summary>Which port of which tunnel accepted the connection.</summary>
    internal sealed record Where(string Name, int Port, TunnelRegistry Registry, ILogger Logger);
}
