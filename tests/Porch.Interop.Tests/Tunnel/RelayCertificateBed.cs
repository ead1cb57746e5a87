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
/// The relay's public side as far as certificates go: a real Porch with the relay's site (DOMAIN and *.DOMAIN, TLS
/// on <c>tlsPort</c>), optionally a plain-HTTP listener on <c>httpPort</c> (--http-port, where HTTP-01 is answered),
/// the relay's certificate factory over a running <see cref="AcmeManager"/>, and a directory the test drives.
/// </summary>
internal sealed class RelayCertificateBed : IAsyncDisposable
{
    private readonly TempDirectory folder;
    private readonly ILoggerFactory loggerFactory;
    private readonly CertificateSourceFactory inner;
    private readonly RelayCertificateSourceFactory factory;

    private RelayCertificateBed(
        TempDirectory folder, CapturingLoggerProvider logs, ILoggerFactory loggerFactory, AcmeManager acme, TestTunnelDirectory directory,
        CertificateSourceFactory inner, RelayCertificateSourceFactory factory, PorchTestHost host, int tlsPort)
    {
        this.folder = folder;
        this.loggerFactory = loggerFactory;
        this.inner = inner;
        this.factory = factory;
        Logs = logs;
        Acme = acme;
        Directory = directory;
        Host = host;
        TlsPort = tlsPort;
    }

    public CapturingLoggerProvider Logs { get; }

    public AcmeManager Acme { get; }

    public TestTunnelDirectory Directory { get; }

    public PorchTestHost Host { get; }

    public int TlsPort { get; }

    public string State => folder.File("state");

    /// <param name="domain">The relay's domain.</param>
    /// <param name="settings">ACME settings (pebble's directory and trust).</param>
    /// <param name="dns">The DNS-01 provider, for the wildcard.</param>
    /// <param name="tlsPort">The relay's HTTPS port.</param>
    /// <param name="httpPort">Its plain-HTTP port, or null for none.</param>
    public static async Task<RelayCertificateBed> StartAsync(string domain, AcmeSettings settings, IDnsChallengeProvider? dns, int tlsPort, int? httpPort)
    {
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
        if (httpPort is { } http)
        {
            sites.Add(new SiteConfig { Listen = [$"127.0.0.1:{http}"], Routes = [new RouteConfig { Path = "/", Root = folder.File("www") }] });
        }

        var host = await PorchTestHost.StartAsync(new PorchConfig { Sites = sites }, folder.Path, loggerFactory, certificates: factory);
        acme.Responses = host.Server.Challenges;
        acme.Start();
        return new RelayCertificateBed(folder, logs, loggerFactory, acme, directory, inner, factory, host, tlsPort);
    }

    /// <summary>The certificate the relay shows for <paramref name="name"/> once it chains to <paramref name="root"/>, polled until <paramref name="bound"/>; null if never.</summary>
    public async Task<X509Certificate2?> WaitForCertificateAsync(string name, X509Certificate2 root, TimeSpan bound)
    {
        X509Certificate2? shown = null;
        await Poll.UntilAsync(async () => (shown = await Handshake.ShownAsync(TlsPort, name, root)) is not null, bound);
        return shown;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Acme.DisposeAsync();
        factory.Dispose();
        inner.Dispose();
        loggerFactory.Dispose();
        folder.Dispose();
    }
}
