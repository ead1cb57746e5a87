using Microsoft.Extensions.Logging.Abstractions;
using Porch.Acme;
using Porch.Acme.Dns01;
using Porch.Dns;
using Porch.Tests.Support;
using Porch.Tests.Tunnel.Certificates;
using Porch.Wire.Dns;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>
/// `porch relay --tls acme --acme-dns-*`: one certificate for *.DOMAIN and DOMAIN, issued at start by DNS-01 through a
/// real BIND 9 that pebble resolves through, served for every live tunnel, with no per-name orders.
/// </summary>
[Collection("pebble")]
public class RelayCertificateWildcardTests
{
    private const string Domain = "tunnel." + Bind9.PublicZone;

    [SkippableFact]
    public async Task Wildcard_IssuedAtStartByDns01_ServedForTwoTunnels_NoPerNameOrders()
    {
        await using var bind = await Bind9.StartAsync();
        await using var pebble = await Pebble.StartAsync(new Pebble.Options { DnsServer = bind.EndPoint.ToString() });
        var dns = new Rfc2136Settings(bind.EndPoint, Bind9.PublicZone, new TsigKey(Bind9.KeyName, TsigAlgorithm.HmacSha256, Convert.FromBase64String(bind.Secret)));
        var provider = Rfc2136ChallengeProvider.Create(dns, TimeProvider.System, NullLoggerFactory.Instance);
        await using var relay = await RelayCertificateBed.StartAsync(Domain, pebble, pebble.Settings(AcmeChallenge.Dns01) with { Dns = dns }, provider);

        var domain = await relay.WaitForCertificateAsync(Domain, TimeSpan.FromSeconds(90));
        Assert.True(domain is not null, "no wildcard certificate: " + string.Join('\n', relay.Logs.Entries));
        Assert.Equal(["*." + Domain, Domain], Handshake.DnsNames(domain).Order(StringComparer.Ordinal));

        var a = relay.Directory.Online("a");
        var b = relay.Directory.Online("b");
        var shownA = await relay.ShownAsync(a);
        var shownB = await relay.ShownAsync(b);

        Assert.Equal(domain.Thumbprint, shownA?.Thumbprint);
        Assert.Equal(domain.Thumbprint, shownB?.Thumbprint);
        Assert.Single(relay.Acme.Certificates);
        Assert.Equal([Domain], AcmeStorage.CertificateNames(relay.State));
        Assert.Null(await relay.ShownAsync("c." + Domain));
        // The records were published in BIND and removed after validation.
        Assert.Contains($"(_acme-challenge.{Domain}): query: _acme-challenge.{Domain} IN TXT +", bind.Log, StringComparison.Ordinal);
        Assert.Empty(await bind.DigAsync("_acme-challenge." + Domain, "TXT"));
    }
}
