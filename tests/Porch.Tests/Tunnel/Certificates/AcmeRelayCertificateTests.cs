using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Acme;
using Porch.Acme.Dns01;
using Porch.Configuration;
using Porch.Dns;
using Porch.Tests.Support;
using Porch.Tls;
using Porch.Tunnel.Relay.Certificates;
using Porch.Wire.Dns;

namespace Porch.Tests.Tunnel.Certificates;

/// <summary>
/// `porch relay --tls acme` without a CA: certificates already in the state folder (as an earlier run stored them,
/// signed here by a throwaway CA) show which certificate the relay manages and serves for which name, over real TLS
/// handshakes with a real Porch listener. The renewal loop is not started, so nothing is ordered; the issuance itself
/// is proven against pebble in the interop tests.
/// </summary>
public sealed class AcmeRelayCertificateTests : IAsyncLifetime
{
    private const string Domain = "relay.example.com";

    private readonly TempDirectory folder = new("porch-relaycerts-");
    private readonly TestTunnelDirectory directory = new(Domain);
    private LocalCa ca = null!;

    private string State => folder.File("state");

    public Task InitializeAsync()
    {
        ca = LocalCa.LoadOrCreate(folder.File("stand-in-ca"), TimeProvider.System);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        ca.Dispose();
        folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PerName_OnlineServesTheNamesCertificate_OfflineReleasesIt()
    {
        Store(Domain, [Domain]);
        Store("app." + Domain, ["app." + Domain]);
        await using var acme = Manager(new AcmeSettings());
        await using var relay = await StartAsync(acme);

        Assert.Equal([Domain], ManagedNames(acme));
        Assert.Equal([Domain], Handshake.DnsNames((await Handshake.ShownAsync(relay.Port, Domain, ca.Root))!));
        Assert.Null(await Handshake.ShownAsync(relay.Port, "app." + Domain, ca.Root));

        var app = directory.Online("app");
        Assert.Equal([app, Domain], ManagedNames(acme));
        Assert.Equal([app], Handshake.DnsNames((await Handshake.ShownAsync(relay.Port, app, ca.Root))!));

        // Offline: released from the manager (so the renewal loop never visits it again) and no longer shown.
        directory.Offline(app);
        Assert.Equal([Domain], ManagedNames(acme));
        Assert.Null(await Handshake.ShownAsync(relay.Port, app, ca.Root));

        // Back online: the stored certificate serves again at once, no new order needed.
        directory.Online("app");
        Assert.Equal([app], Handshake.DnsNames((await Handshake.ShownAsync(relay.Port, app, ca.Root))!));
    }

    [Fact]
    public async Task PerName_NewTunnelIsOrderedAtOnce_ButShowsNothingUntilIssued()
    {
        Store(Domain, [Domain]);
        await using var acme = Manager(new AcmeSettings());
        await using var relay = await StartAsync(acme);

        var fresh = directory.Online("fresh");

        var managed = Assert.Single(acme.Certificates, m => m.Name == fresh);
        Assert.Null(managed.Current);
        Assert.True(managed.Renewal.NextAttempt <= DateTimeOffset.UtcNow, "the renewal loop should order it on its next pass");
        Assert.Null(await Handshake.ShownAsync(relay.Port, fresh, ca.Root));
    }

    [Fact]
    public async Task Wildcard_WithDns01_OneCertificateForEveryLiveName_NoPerNameOrders()
    {
        Store(Domain, [Domain, "*." + Domain]);
        var dns = new Rfc2136Settings(new IPEndPoint(IPAddress.Loopback, 53), "example.com", new TsigKey("porch-key.", TsigAlgorithm.HmacSha256, RandomNumberGenerator.GetBytes(32)));
        await using var acme = Manager(new AcmeSettings { Challenges = [AcmeChallenge.Dns01], Dns = dns }, dns);
        await using var relay = await StartAsync(acme);

        var a = directory.Online("a");
        var b = directory.Online("b");

        var wildcard = Assert.Single(acme.Certificates);
        Assert.Equal([Domain, "*." + Domain], wildcard.Names);
        var shownA = await Handshake.ShownAsync(relay.Port, a, ca.Root);
        var shownB = await Handshake.ShownAsync(relay.Port, b, ca.Root);
        Assert.NotNull(shownA);
        Assert.Equal(shownA.Thumbprint, shownB?.Thumbprint);
        Assert.Equal([Domain, "*." + Domain], Handshake.DnsNames(shownA));

        // The wildcard would cover any name: the relay still shows it only for live tunnels.
        Assert.Null(await Handshake.ShownAsync(relay.Port, "c." + Domain, ca.Root));
        directory.Offline(a);
        Assert.Null(await Handshake.ShownAsync(relay.Port, a, ca.Root));
    }

    [Fact]
    public async Task Acme_WithALocalDomain_IsAConfigErrorNamingTheFix()
    {
        var local = new TestTunnelDirectory("localhost");
        using var inner = new CertificateSourceFactory(State, NullLoggerFactory.Instance, TimeProvider.System);
        await using var acme = Manager(new AcmeSettings());
        using var factory = new RelayCertificateSourceFactory(inner, acme, local, NullLogger.Instance);
        var errors = new List<ConfigError>();

        var source = factory.Create(new TlsSettings(TlsMode.Acme), ["localhost", "*.localhost"], "$.sites[0]", errors);

        Assert.Null(source);
        var error = Assert.Single(errors, e => e.Path == "$.sites[0].hosts[0]");
        Assert.Contains("\"localhost\" is not a public DNS name", error.Message, StringComparison.Ordinal);
        Assert.Contains("internal", error.Message, StringComparison.Ordinal);
    }

    private static string[] ManagedNames(AcmeManager acme) => [.. acme.Certificates.Select(m => m.Name).Order(StringComparer.Ordinal)];

    private AcmeManager Manager(AcmeSettings settings, Rfc2136Settings? dns = null) => new(
        settings, State, null, dns is null ? null : Rfc2136ChallengeProvider.Create(dns, TimeProvider.System, NullLoggerFactory.Instance),
        TimeProvider.System, NullLogger.Instance);

    private async Task<RelayHost> StartAsync(AcmeManager acme)
    {
        var inner = new CertificateSourceFactory(State, NullLoggerFactory.Instance, TimeProvider.System);
        var factory = new RelayCertificateSourceFactory(inner, acme, directory, NullLogger.Instance);
        var host = await PorchTestHost.StartAsync(new PorchConfig
        {
            Sites =
            [
                new SiteConfig
                {
                    Listen = ["127.0.0.1:0"],
                    Hosts = [Domain, "*." + Domain],
                    Tls = new TlsConfig { Mode = "acme" },
                    Routes = [new RouteConfig { Path = "/", Root = folder.Path }],
                },
            ],
        }, folder.Path, certificates: factory);
        return new RelayHost(host, factory, inner);
    }

    /// <summary>Writes a certificate where the ACME manager stores what it issued, signed by the stand-in CA.</summary>
    private void Store(string name, string[] dnsNames)
    {
        using var leaf = ca.Issue(dnsNames, [], DateTimeOffset.UtcNow);
        using var key = leaf.GetECDsaPrivateKey()!;
        AcmeStorage.SaveCertificate(State, name, leaf.ExportCertificatePem() + "\n" + ca.RootPem, key);
    }

    private sealed class RelayHost(PorchTestHost host, RelayCertificateSourceFactory factory, CertificateSourceFactory inner) : IAsyncDisposable
    {
        public int Port => host.Port;

        public async ValueTask DisposeAsync()
        {
            await host.DisposeAsync();
            factory.Dispose();
            inner.Dispose();
        }
    }
}
