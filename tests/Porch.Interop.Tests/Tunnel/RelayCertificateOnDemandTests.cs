using Porch.Acme;
using Porch.Tests.Support;
using Porch.Tests.Tunnel.Certificates;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>
/// `porch relay --tls acme` without DNS-01, against real pebble: the domain's certificate at start, a tunnel's own
/// certificate ordered when it comes online (validated through the relay's own listeners) and served on the TLS
/// port, nothing for names that are not tunnels, and a failed validation logged once with the CA's reason.
/// </summary>
[Collection("pebble")]
public class RelayCertificateOnDemandTests
{
    private const string Domain = "relay.example.com";
    private static readonly TimeSpan IssuanceBound = TimeSpan.FromSeconds(90);

    [SkippableTheory]
    [InlineData(AcmeChallenge.Http01)]
    [InlineData(AcmeChallenge.TlsAlpn01)]
    public async Task TunnelOnline_OrdersItsOwnCertificate_ServedOnTheTlsPortChainingToPebble(string challenge)
    {
        await using var pebble = await Pebble.StartAsync();
        // HTTP-01 is answered by the relay's --http-port listener; without one, TLS-ALPN-01 by its TLS port alone.
        await using var relay = await RelayCertificateBed.StartAsync(Domain, pebble, pebble.Settings(challenge), httpListener: challenge == AcmeChallenge.Http01);

        var domain = await relay.WaitForCertificateAsync(Domain, IssuanceBound);
        Assert.True(domain is not null, "no certificate for the domain: " + string.Join('\n', relay.Logs.Entries));
        Assert.Equal([Domain], Handshake.DnsNames(domain));
        Assert.Null(await relay.ShownAsync("app." + Domain));

        var app = relay.Directory.Online("app");
        var shown = await relay.WaitForCertificateAsync(app, IssuanceBound);

        Assert.True(shown is not null, $"no certificate for {app}: " + string.Join('\n', relay.Logs.Entries));
        Assert.Equal([app], Handshake.DnsNames(shown));
        Assert.Contains("Pebble Intermediate CA", shown.Issuer, StringComparison.Ordinal);
        Assert.Contains(relay.Logs.Entries, e => e.EventId == 630 && e.Message.Contains(app, StringComparison.Ordinal));

        // Names that are no tunnel got nothing, and nothing was ordered for them.
        Assert.Null(await relay.ShownAsync("other." + Domain));
        Assert.Equal([app, Domain], AcmeStorage.CertificateNames(relay.State).Order(StringComparer.Ordinal));

        relay.Directory.Offline(app);
        Assert.Null(await relay.ShownAsync(app));
        Assert.DoesNotContain(relay.Acme.Certificates, m => m.Name == app);
    }

    [SkippableFact]
    public async Task FailedValidation_IsLoggedOnceWithTheCasReason_AndRetriedWithBackoff()
    {
        // Pebble validates on ports where nothing listens: the relay's listeners are elsewhere.
        await using var pebble = await Pebble.StartAsync();
        await using var relay = await RelayCertificateBed.StartAsync(Domain, pebble, pebble.Settings(), httpListener: true, elsewhere: true);

        var app = relay.Directory.Online("app");
        var failure = await relay.Logs.WaitForAsync(e => e.EventId == 211 && e.Message.Contains(app, StringComparison.Ordinal), IssuanceBound);

        Assert.Contains($"127.0.0.1:{pebble.HttpPort}", failure.Message, StringComparison.Ordinal);
        var managed = Assert.Single(relay.Acme.Certificates, m => m.Name == app);
        Assert.True(managed.Renewal.NextAttempt > DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20), $"next attempt {managed.Renewal.NextAttempt:O} is not backed off");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(relay.Logs.Entries, e => e.EventId == 211 && e.Message.Contains(app, StringComparison.Ordinal));
        Assert.Null(await relay.ShownAsync(app));
    }
}
