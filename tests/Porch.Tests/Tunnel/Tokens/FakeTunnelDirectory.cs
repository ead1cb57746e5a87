using System.Collections.Concurrent;
using Porch.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Tokens;

/// <summary>A tunnel directory holding the tunnels a test puts in it; CloseToken removes a token's tunnels and records the call.</summary>
internal sealed class FakeTunnelDirectory(string domain, params TunnelInfo[] tunnels) : ITunnelDirectory
{
    private readonly Lock sync = new();
    private readonly List<TunnelInfo> live = [.. tunnels];

    public string Domain => domain;

    public ConcurrentQueue<(string Token, string Reason)> Closed { get; } = new();

    /// <summary>Never raised: the status page does not listen to it.</summary>
    public event Action<string>? TunnelOnline
    {
        add { }
        remove { }
    }

    public event Action<string>? TunnelOffline;

    public bool IsLive(string hostName)
    {
        lock (sync)
        {
            return hostName == domain || live.Any(t => t.HostName == hostName);
        }
    }

    public IReadOnlyList<TunnelInfo> Snapshot()
    {
        lock (sync)
        {
            return [.. live];
        }
    }

    public int CloseToken(string tokenName, string reason)
    {
        List<TunnelInfo> gone;
        lock (sync)
        {
            gone = [.. live.Where(t => t.TokenName == tokenName)];
            live.RemoveAll(gone.Contains);
        }

        Closed.Enqueue((tokenName, reason));
        foreach (var tunnel in gone)
        {
            TunnelOffline?.Invoke(tunnel.HostName);
        }

        return gone.Count;
    }

    public static TunnelInfo Tunnel(string name, string token, DateTimeOffset connectedAt, string target = "http://127.0.0.1:8000") =>
        new(name, $"{name}.localhost", $"https://{name}.localhost:8443/", token, "127.0.0.1:50123", "h2", target,
            TcpPort: null, connectedAt, BytesIn: 1536, BytesOut: 3 * 1024 * 1024, OpenStreams: 2, TotalStreams: 17);

}
