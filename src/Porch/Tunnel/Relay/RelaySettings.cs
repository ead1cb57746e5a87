using Porch.Forwarding;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>How a relay runs: its domain, the public URLs it hands out, and its limits per token and per tunnel.</summary>
/// <param name="Domain">The relay's own name (lower case); tunnels are NAME.DOMAIN.</param>
/// <param name="Scheme"><c>https</c>, or <c>http</c> for a relay with <c>--tls off</c>.</param>
internal sealed record RelaySettings(string Domain, string Scheme)
{
    /// <summary>The public port, for the URLs in welcomes; set once the listener is bound (port 0 in tests).</summary>
    public int PublicPort { get; init; } = 443;

    public int MaxTunnelsPerToken { get; init; } = TunnelProtocol.DefaultTunnelsPerToken;

    /// <summary>Concurrent public requests (and so data streams) per tunnel.</summary>
    public int MaxStreams { get; init; } = TunnelProtocol.DefaultMaxStreams;

    /// <summary>Stream requests each client keeps parked (sent in the welcome).</summary>
    public int ParkedStreams { get; init; } = TunnelProtocol.DefaultParkedStreams;

    /// <summary>A data stream with no bytes either way for this long is closed.</summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TunnelProtocol.DefaultStreamIdleTimeout;

    /// <summary>
    /// A parked stream request unanswered this long is answered 204 so the client parks a fresh one: middleboxes and
    /// proxies on the client's path may drop requests that stay silent much longer.
    /// </summary>
    public TimeSpan ParkedIdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a client that opened the control request may take to send its hello before it gets 400.</summary>
    public TimeSpan HelloTimeout { get; init; } = TunnelProtocol.HelloTimeout;

    /// <summary>How long a public request waits for a free stream of a busy tunnel before it gets 503.</summary>
    public TimeSpan StreamWaitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the forwarder keeps an idle connection to the app (one tunnel stream) for the next request.</summary>
    public TimeSpan AppConnectionIdleTimeout { get; init; } = ForwarderOptions.DefaultIdleTimeout;

    /// <summary>How long a public request waits for the app's response headers (the forwarder's timeout).</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The ports tunnels asking for TCP get one from; null: none (such a hello is refused).</summary>
    public TcpPortRange? TcpPorts { get; init; }

    /// <summary>Where the TCP ports listen: the relay's <c>--bind</c> address, null for every interface.</summary>
    public System.Net.IPAddress? TcpBind { get; init; }

    /// <summary>HTTP/2 streams a tunnel connection needs: every stream of the tunnel, the parked ones, control and some slack.</summary>
    public int Http2StreamsPerConnection => MaxStreams + ParkedStreams + 64;

    /// <summary>The public URL of a tunnel: <c>https://NAME.DOMAIN:PORT</c>, the port left out when it is the scheme's default.</summary>
    public string UrlFor(string name) => Url($"{name}.{Domain}");

    /// <summary>The URL tunnel clients connect to.</summary>
    public string RelayUrl => Url(Domain);

    private string Url(string host) =>
        PublicPort == (Scheme == "https" ? 443 : 80) ? $"{Scheme}://{host}" : $"{Scheme}://{host}:{PublicPort}";
}
