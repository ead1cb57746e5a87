using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Porch.Acme;
using Porch.Configuration;
using Porch.Tests.Support;
using Porch.Tests.Tunnel.Certificates;
using Porch.Tls;
using Porch.Tunnel.Relay.Certificates;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>
/// The relay's public side as far as certificates go, against a running <see cref="Pebble"/>: a real Porch with the
/// relay's site (DOMAIN and *.DOMAIN, TLS on pebble's TLS-ALPN-01 port), optionally a plain-HTTP listener on pebble's
/// HTTP-01 port (--http-port), the relay's certificate factory over a running <see cref="AcmeManager"/>, and a
/// directory the test drives.
/// </summary>
internal sealed class RelayCertificateBed : IAsyncDisposable
{
    private readonly TempDirectory folder;
    private readonly ILoggerFactory loggerFactory;
    private readonly CertificateSourceFactory inner;
    private readonly RelayCertificateSourceFactory factory;

    private RelayCertificateBed(
        TempDirectory folder, CapturingLoggerProvider logs, ILoggerFactory loggerFactory, AcmeManager acme, TestTunnelDirectory directory,
        (CertificateSourceFactory Inner, RelayCertificateSourceFactory Relay) factories, PorchTestHost host, int tlsPort, X509Certificate2 root)
    {
        this.folder = folder;
        this.loggerFactory = loggerFactory;
        (inner, factory) = factories;
        Logs = logs;
        Acme = acme;
        Directory = directory;
        Host = host;
        TlsPort = tlsPort;
        Root = root;
    }

    public CapturingLoggerProvider Logs { get; }

    public AcmeManager Acme { get; }

    public TestTunnelDirectory Directory { get; }

    public PorchTestHost Host { get; }

    public int TlsPort { get; }

    /// <summary>Pebble's ACME issuing root: what the relay's certificates must chain to.</summary>
    public X509Certificate2 Root { get; }

    public string State => folder.File("state");

    /// <param name="domain">The relay's domain.</param>
    /// <param name="pebble">The CA; its validation ports are the relay's unless <paramref name="elsewhere"/>.</param>
    /// <param name="settings">ACME settings (from <see cref="Pebble.Settings"/>).</param>
    /// <param name="dns">The DNS-01 provider, for the wildcard.</param>
    /// <param name="httpListener">Whether the relay has a plain-HTTP port (--http-port, where HTTP-01 is answered).</param>
    /// <param name="elsewhere">Listen on other ports than pebble validates on, so every validation fails.</param>
    public static async Task<RelayCertificateBed> StartAsync(
        string domain, Pebble pebble, AcmeSettings settings, IDnsChallengeProvider? dns = null, bool httpListener = false, bool elsewhere = false)
    {
        var (tlsPort, httpPort) = elsewhere ? (FreePort.Allocate(), FreePort.Allocate()) : (pebble.TlsPort, pebble.HttpPort);
        var folder = new TempDirectory("porch-relaycerts-");
        var logs = new CapturingLoggerProvider();
        var loggerFactory = logs.CreateFactory();
        var state = folder.File("state");
        var acme = new AcmeManager(settings, state, null, dns, TimeProvider.System, loggerFactory.CreateLogger("Porch.Acme")) { OrderTimeout = TimeSpan.FromSeconds(60) };
        var directory = new TestTunnelDirectory(domain);
        var inner = new CertificateSourceFactory(state, loggerFactory, TimeProvider.System);
        var factory = new RelayCertificateSourceFactory(inner, acme, directory, loggerFactory.CreateLogger("Porch.Tunnel.Relay"));
        System.IO.Directory.CreateDirectory(folder.File("www"));
        List<SiteConfig> sites =
        [
            new SiteConfig
            {
                Listen = [$"127.0.0.1:{tlsPort}"],
                Hosts = [domain, "*." + domain],
                Tls = new TlsConfig { Mode = "acme" },
                Routes = [new RouteConfig { Path = "/", Root = folder.File("www") }],
            },
        ];
        if (httpListener)
        {
            sites.Add(new SiteConfig { Listen = [$"127.0.0.1:{httpPort}"], Routes = [new RouteConfig { Path = "/", Root = folder.File("www") }] });
        }

        var host = await PorchTestHost.StartAsync(new PorchConfig { Sites = sites }, folder.Path, loggerFactory, certificates: factory);
        acme.Responses = host.Server.Challenges;
        acme.Start();
        return new RelayCertificateBed(folder, logs, loggerFactory, acme, directory, (inner, factory), host, tlsPort, await pebble.IssuingRootAsync());
    }

    /// <summary>The certificate the relay shows for <paramref name="name"/> once it chains to <see cref="Root"/>, polled until <paramref name="bound"/>; null if never.</summary>
    public async Task<X509Certificate2?> WaitForCertificateAsync(string name, TimeSpan bound)
    {
        X509Certificate2? shown = null;
        await Poll.UntilAsync(async () => (shown = await Handshake.ShownAsync(TlsPort, name, Root)) is not null, bound);
        return shown;
    }

    /// <summary>The certificate the relay shows for <paramref name="name"/> now, if it chains to <see cref="Root"/>.</summary>
    public Task<X509Certificate2?> ShownAsync(string name) => Handshake.ShownAsync(TlsPort, name, Root);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Acme.DisposeAsync();
        factory.Dispose();
        inner.Dispose();
        loggerFactory.Dispose();
        folder.Dispose();
        Root.Dispose();
    }
}
