using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Porch.Acme;
using Porch.Hosting;
using Porch.Tls;
using Porch.Tunnel.Relay.Certificates;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// <c>porch relay</c>'s part of the run: the registry of tunnels (built first, since certificate sources ask it which
/// names are live), the endpoints once the server listens, the startup lines, and on shutdown a closing line to every
/// client so it reconnects later instead of waiting for a timeout. Also the relay site's route handler: requests
/// that arrive in the moment between listening and <see cref="StartAsync"/> are told to retry.
/// </summary>
internal sealed class RelayExtension : IRunExtension, IRequestHandler
{
    private readonly INameReservations reservations;
    private readonly ITokenVerifier tokens;
    private readonly TextWriter stderr;
    private RelayDispatcher? dispatcher;

    public RelayExtension(RelaySettings settings, ITokenVerifier tokens, INameReservations reservations, TextWriter stderr, TimeProvider time)
    {
        this.tokens = tokens;
        this.reservations = reservations;
        this.stderr = stderr;
        Registry = new TunnelRegistry(settings, reservations, time);
    }

    public TunnelRegistry Registry { get; }

    /// <summary>Where the status page's URL file goes; null: no status page (tests of the core).</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Where the certificate sources log issuance; null: the local CA as is, for tests of the core.</summary>
    public ILogger? CertificateLogger { get; init; }

    public bool ReplacesBanner => true;

    /// <summary>Certificates only for the domain and live tunnel names (a visitor cannot make the relay sign or order any name).</summary>
    public ICertificateSourceFactory Certificates(CertificateSourceFactory inner, AcmeManager acme) =>
        CertificateLogger is null ? inner : new RelayCertificateSourceFactory(inner, acme, Registry, CertificateLogger);

    /// <summary>The relay's HTTP/2 settings for tunnel connections (also what bench/floor measures the transport with).</summary>
    internal static void ConfigureTunnelConnections(KestrelServerOptions kestrel)
    {
        // A PING unanswered within the timeout ends the connection and so its control stream (RFC 9113 §6.7): how a
        // vanished client is noticed.
        kestrel.Limits.Http2.KeepAlivePingDelay = TunnelProtocol.PingInterval;
        kestrel.Limits.Http2.KeepAlivePingTimeout = TunnelProtocol.PingTimeout;
        // Flow control (RFC 9113 §6.9): every visitor of a tunnel shares its one connection, so Kestrel's default
        // connection window (1 MiB) would cap all downloads of a tunnel together at 1 MiB per round trip (20 MB/s at
        // 50 ms). 4 MiB per connection, 1 MiB per stream: a bulk download keeps the link busy, and since Kestrel gives
        // window back only as the forwarder reads, it is also the most a connection (a tunnel's, or a visitor's over
        // HTTP/2) can make the relay hold for a slow reader.
        kestrel.Limits.Http2.InitialConnectionWindowSize = TunnelProtocol.RelayConnectionWindow;
        kestrel.Limits.Http2.InitialStreamWindowSize = TunnelProtocol.StreamWindow;
    }

    public async ValueTask<IAsyncDisposable> StartAsync(PorchServer server, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        // The server's limits come from the configuration, which has no place for these; Kestrel reads them per
        // connection, so setting them now covers every tunnel connection.
        ConfigureTunnelConnections(server.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value);

        Registry.Start(PublicPort(server.BoundUrls, Registry.Settings), loggerFactory);
        Volatile.Write(ref dispatcher, new RelayDispatcher(
            Registry, new ControlEndpoint(Registry, tokens), new StreamEndpoint(Registry), new PublicTunnelHandler(Registry)));
        var stopping = server.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(Registry.Shutdown);
        var status = StateDirectory is null ? null : await RelayStatusServer.StartAsync(Registry, StateDirectory, loggerFactory, cancellationToken);
        stderr.WriteLine($"porch relay: tunnel clients connect to {Registry.Settings.RelayUrl}");
        stderr.WriteLine($"porch relay: each tunnel gets {Registry.Settings.UrlFor("NAME")}");
        if (Registry.Settings.TcpPorts is { } tcp)
        {
            stderr.WriteLine($"porch relay: tunnels that ask for TCP (porch share --tcp) get a port from {tcp} on {Registry.Settings.TcpBind?.ToString() ?? "every interface"}");
        }
        if (status is not null)
        {
            stderr.WriteLine($"porch relay: status page (this machine only) at {status.Url}");
        }

        stderr.WriteLine("porch relay: add a token for each client with `porch relay token add NAME`. Press Ctrl+C to stop.");
        return new Stopper(stopping, Registry, status);
    }

    /// <summary>A revoked token's tunnels close at once and its names are free again.</summary>
    public void Revoke(string tokenName)
    {
        Registry.CloseToken(tokenName, ClosingReason.Revoked);
        reservations.ReleaseToken(tokenName);
    }

    public Task HandleAsync(HttpContext context, PathString remainder) =>
        Volatile.Read(ref dispatcher) is { } ready
            ? ready.HandleAsync(context, remainder)
            : ErrorPage.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable", "The relay is starting; try again in a moment.");

    /// <summary>The port the listener got (the one asked for, or the kernel's choice for 0).</summary>
    private static int PublicPort(IReadOnlyList<string> boundUrls, RelaySettings settings)
    {
        foreach (var url in boundUrls)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == settings.Scheme
                && (settings.PublicPort == 0 || uri.Port == settings.PublicPort))
            {
                return uri.Port;
            }
        }

        return settings.PublicPort;
    }

    private sealed class Stopper(CancellationTokenRegistration stopping, TunnelRegistry registry, RelayStatusServer? status) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            registry.Shutdown();
            await stopping.DisposeAsync();
            if (status is not null)
            {
                await status.DisposeAsync();
            }
        }
    }
}
