using System.Collections.Concurrent;
using Porch.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Certificates;

/// <summary>
/// The relay's live names as the certificate code sees them, driven by the test: <see cref="Online"/> and
/// <see cref="Offline"/> change what <see cref="IsLive"/> says and raise the events, as the registry does when a
/// tunnel comes up or its last session ends. The status parts are not the certificates' business.
/// </summary>
internal sealed class TestTunnelDirectory(string domain) : ITunnelDirectory
{
    private readonly ConcurrentDictionary<string, bool> live = new(StringComparer.OrdinalIgnoreCase);

    public event Action<string>? TunnelOnline;

    public event Action<string>? TunnelOffline;

    public string Domain => domain;

    public bool IsLive(string hostName) => hostName == domain || live.ContainsKey(hostName);

    public IReadOnlyList<TunnelInfo> Snapshot() => throw new NotSupportedException("certificate tests read no status");

    public int CloseToken(string tokenName, string reason) => throw new NotSupportedException("certificate tests close no tunnels");

    /// <summary>Tunnel <paramref name="name"/> connects; returns NAME.DOMAIN.</summary>
    public string Online(string name)
    {
        var host = $"{name}.{domain}";
        live[host] = true;
        TunnelOnline?.Invoke(host);
        return host;
    }

    public void Offline(string host)
    {
        live.TryRemove(host, out _);
        TunnelOffline?.Invoke(host);
    }
}
