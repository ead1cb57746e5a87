using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Porch.Tunnel.Relay;

/// <summary>
/// The relay's public TCP ports (<see cref="RelaySettings.TcpPorts"/>): one listener per tunnel that asked for one,
/// open while the tunnel is online. A name gets the port it had last time when that port is still free, so a
/// sharer's users keep one address across reconnects; ports nobody had yet are handed out before ports another name
/// had, for the same reason. The memory is bounded: a port remembers only its last name.
/// </summary>
internal sealed class TcpTunnels(RelaySettings settings)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, TcpTunnelListener> open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> portOf = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> lastName = [];

    /// <summary>Whether <see cref="Open"/> can succeed for <paramref name="name"/> as far as this relay's own ports go.</summary>
    public bool HasRoomFor(string name)
    {
        lock (gate)
        {
            return open.ContainsKey(name) || open.Count < (settings.TcpPorts?.Count ?? 0);
        }
    }

    /// <summary>The refusal when the range is used up (503: ports free up as tunnels go offline).</summary>
    public string Exhausted => string.Create(CultureInfo.InvariantCulture,
        $"all {settings.TcpPorts?.Count ?? 0} TCP ports of this relay ({settings.TcpPorts}) are in use; try again later, or ask its operator to widen --tcp-ports");

    /// <summary>
    /// The port of <paramref name="name"/>'s listener: the one it has (a takeover by the same token keeps it), else a
    /// new listener. Null when no port of the range can be bound.
    /// </summary>
    public int? Open(string name, TunnelRegistry registry)
    {
        lock (gate)
        {
            if (open.TryGetValue(name, out var current))
            {
                return current.Port;
            }

            foreach (var port in Candidates(name))
            {
                if (TcpTunnelListener.TryStart(settings.TcpBind, port, name, registry) is not { } listener)
                {
                    continue;
                }

                open[name] = listener;
                if (lastName.TryGetValue(port, out var previous) && previous != name)
                {
                    portOf.Remove(previous);
                }

                if (portOf.TryGetValue(name, out var old) && old != port)
                {
                    lastName.Remove(old);
                }

                portOf[name] = port;
                lastName[port] = name;
                TcpLog.PortOpened(listener.Logger, name, port);
                return port;
            }

            return null;
        }
    }

    /// <summary>Closes <paramref name="name"/>'s port (the tunnel went offline); its connections end.</summary>
    public void Close(string name, ILogger logger)
    {
        TcpTunnelListener? listener;
        lock (gate)
        {
            if (!open.Remove(name, out listener))
            {
                return;
            }
        }

        TcpLog.PortClosed(logger, name, listener.Port);
        listener.Dispose();
    }

    /// <summary>Closes every port (the relay stops).</summary>
    public void CloseAll(ILogger logger)
    {
        List<string> names;
        lock (gate)
        {
            names = [.. open.Keys];
        }

        foreach (var name in names)
        {
            Close(name, logger);
        }
    }

    /// <summary>The name's last port, then ports nobody had, then ports other names had; never one open now.</summary>
    private IEnumerable<int> Candidates(string name)
    {
        if (settings.TcpPorts is not { } range)
        {
            yield break;
        }

        var taken = open.Values.Select(l => l.Port).ToHashSet();
        if (portOf.TryGetValue(name, out var last) && range.Contains(last) && !taken.Contains(last))
        {
            yield return last;
        }

        for (var port = range.From; port <= range.To; port++)
        {
            if (!taken.Contains(port) && !lastName.ContainsKey(port))
            {
                yield return port;
            }
        }

        for (var port = range.From; port <= range.To; port++)
        {
            if (!taken.Contains(port) && lastName.TryGetValue(port, out var other) && other != name)
            {
                yield return port;
            }
        }
    }
}
