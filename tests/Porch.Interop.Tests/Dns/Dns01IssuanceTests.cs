using Microsoft.Extensions.Logging.Abstractions;
using Porch.Acme;
using Porch.Acme.Dns01;
using Porch.Dns;
using Porch.Interop.Tests.Acme;
using Porch.Tests.Support;
using Porch.Wire.Dns;

namespace Porch.Tests.Dns;

/// <summary>
/// DNS-01 end to end: Porch publishes the challenge in a real BIND 9 by TSIG-signed dynamic update, and pebble resolves
/// the TXT record through that BIND 9 (<c>-dnsserver</c>) before issuing.
/// </summary>
[Collection("pebble")]
public class Dns01IssuanceTests
{
    [SkippableFact]
    public async Task Dns01_WildcardAndBaseName_IssuedThroughBindAndRecordsRemoved()
    {
        await using var bind = await Bind9.StartAsync();
        await using var bed = await AcmeTestBed.StartAsync(new Pebble.Options { DnsServer = bind.EndPoint.ToString() });
        var settings = new Rfc2136Settings(bind.EndPoint, Bind9.Zone, new TsigKey(Bind9.KeyName, TsigAlgorithm.HmacSha256, Convert.FromBase64String(bind.Secret)));
        var provider = Rfc2136ChallengeProvider.Create(settings, TimeProvider.System, NullLoggerFactory.Instance);

        // "*.example.test" and "example.test" both validate at _acme-challenge.example.test: two TXT values at once.
        var stored = await bed.Issuer(new Dns01Solver(provider)).IssueAsync("example.test", ["*.example.test", "example.test"], null, CancellationToken.None);

        Assert.Equal(["*.example.test", "example.test"], stored.Names);
        AcmeIssuanceTests.AssertChainsToPebble(stored, await bed.Pebble.IssuingRootPemAsync());
        Assert.Empty(await bind.DigAsync("_acme-challenge.example.test", "TXT"));

        // BIND's query log: Porch's own check is signed without recursion ("-S"); pebble's validation asks with
        // recursion desired and no key ("+"), so the CA really read the record from this server.
        Assert.Contains("/key porch-key (_acme-challenge.example.test): query: _acme-challenge.example.test IN TXT -S", bind.Log, StringComparison.Ordinal);
        Assert.Contains("(_acme-challenge.example.test): query: _acme-challenge.example.test IN TXT +", bind.Log, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Dns01_WrongTsigSecret_FailsWithTheKeyLineAndNothingIssued()
    {
        await using var bind = await Bind9.StartAsync();
        await using var bed = await AcmeTestBed.StartAsync(new Pebble.Options { DnsServer = bind.EndPoint.ToString() });
        var settings = new Rfc2136Settings(bind.EndPoint, Bind9.Zone, new TsigKey(Bind9.KeyName, TsigAlgorithm.HmacSha256, new byte[32]));
        var provider = Rfc2136ChallengeProvider.Create(settings, TimeProvider.System, NullLoggerFactory.Instance);

        var e = await Assert.ThrowsAnyAsync<Exception>(() => bed.Issuer(new Dns01Solver(provider)).IssueAsync("www.example.test", ["www.example.test"], null, CancellationToken.None));

        Assert.Contains("rejected the signature of TSIG key 'porch-key.' (hmac-sha256)", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(AcmeStorage.CertificateFolder(bed.State, "www.example.test"), "fullchain.pem")));
    }
}
