using Microsoft.Extensions.Logging.Abstractions;
using Porch.Acme;
using Porch.Configuration;
using Porch.Tests.Support;
using Porch.Tls;
using Porch.Tunnel.Relay.Certificates;

namespace Porch.Tests.Tunnel.Certificates;

/// <summary>
/// `porch relay --tls internal`: a real Porch HTTPS listener whose site has the relay's hosts (DOMAIN, *.DOMAIN) and
/// the relay's certificate factory over the local CA; real TLS handshakes show which names get a certificate: the
/// domain and any name a tunnel could have, connected or not.
/// </summary>
public sealed class InternalRelayCertificateTests : IAsyncLifetime
{
    private const string Domain = "localhost";

    private readonly TempDirectory folder = new("porch-relaycerts-");
    private readonly TestTunnelDirectory directory = new(Domain);
    private CertificateSourceFactory inner = null!;
    private AcmeManager acme = null!;
    private PorchTestHost host = null!;

    public async Task InitializeAsync()
    {
        var state = folder.File("state");
        inner = new CertificateSourceFactory(state, NullLoggerFactory.Instance, TimeProvider.System);
        acme = new AcmeManager(new AcmeSettings(), state, null, null, TimeProvider.System, NullLogger.Instance);
        var factory = new RelayCertificateSourceFactory(inner, acme, directory, NullLogger.Instance);
        Directory.CreateDirectory(folder.File("www"));
        host = await PorchTestHost.StartAsync(new PorchConfig
        {
            Sites =
            [
                new SiteConfig
                {
                    Listen = ["127.0.0.1:0"],
                    Hosts = [Domain, "*." + Domain],
                    Tls = new TlsConfig { Mode = "internal" },
                    Routes = [new RouteConfig { Path = "/", Root = folder.File("www") }],
                },
            ],
        }, folder.Path, certificates: factory);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await acme.DisposeAsync();
        inner.Dispose();
        folder.Dispose();
    }

    [Fact]
    public async Task Domain_GetsALeafForExactlyItsName()
    {
        var shown = await Handshake.ShownAsync(host.Port, Domain, inner.Ca!.Root);

        Assert.NotNull(shown);
        Assert.Equal([Domain], Handshake.DnsNames(shown));
    }

    [Fact]
    public async Task AnyTunnelName_GetsALeafForExactlyItsName_LiveOrNot()
    {
        // Not connected (yet): the handshake still completes, so the visitor reads the relay's "No tunnel named" page.
        var shown = await Handshake.ShownAsync(host.Port, "app.localhost", inner.Ca!.Root);
        Assert.NotNull(shown);
        Assert.Equal(["app.localhost"], Handshake.DnsNames(shown));

        var name = directory.Online("app");
        Assert.NotNull(await Handshake.ShownAsync(host.Port, name, inner.Ca.Root));

        // DNS names compare without case.
        Assert.Equal(["app.localhost"], Handshake.DnsNames((await Handshake.ShownAsync(host.Port, "APP.localhost", inner.Ca.Root))!));

        directory.Offline(name);
        Assert.NotNull(await Handshake.ShownAsync(host.Port, name, inner.Ca.Root));
    }

    [Fact]
    public async Task NamesNoTunnelCouldHave_GetNoCertificate()
    {
        directory.Online("app");

        // Two labels deep, names outside the domain, and labels the tunnel name rules refuse.
        foreach (var name in new[] { "x.app.localhost", "example.com", "localhost.example.com", "-app.localhost", "my_app.localhost", new string('a', 64) + ".localhost" })
        {
            Assert.Null(await Handshake.ShownAsync(host.Port, name, inner.Ca!.Root));
        }

        // The local CA signed nothing for them: the gate answers before the CA is asked.
        var local = (InternalCertificateSource)inner.Create(new TlsSettings(TlsMode.Internal), [], "$", [])!;
        Assert.Equal(0, local.CachedCount);
    }
}
