using Microsoft.Extensions.Logging;
using Porch.Acme;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Acme;

[Collection("pebble")]
public class AcmeRenewalTests
{
    private static AcmeManager Manager(AcmeTestBed bed, TimeProvider time, ILogger logger) => new(
        bed.Pebble.Settings(AcmeChallenge.Http01) with { Email = "admin@example.com" },
        bed.State, bed.Porch.Server.Challenges, null, time, logger)
    { OrderTimeout = TimeSpan.FromMinutes(2) };

    [SkippableFact]
    public async Task ForcedRenewal_NewCertificateServedLive_OpenConnectionKeepsWorking()
    {
        await using var bed = await AcmeTestBed.StartAsync();
        using var logs = new CapturingLoggerProvider();
        await using var manager = Manager(bed, TimeProvider.System, logs.CreateLogger("acme"));
        var managed = manager.Manage(["renew.example.com"]);
        var first = await manager.RenewAsync(managed, force: false, CancellationToken.None);
        await using var probe = TlsProbe.For(managed);
        var (open, shownFirst) = await ConnectAsync(probe);

        var second = await manager.RenewAsync(managed, force: true, CancellationToken.None);

        Assert.NotEqual(first!.Leaf.SerialNumber, second!.Leaf.SerialNumber);
        Assert.Equal(first.Leaf.SerialNumber, shownFirst.SerialNumber);
        var (fresh, shownAfter) = await ConnectAsync(probe);
        Assert.Equal(second.Leaf.SerialNumber, shownAfter.SerialNumber);
        // The connection opened before the swap still carries data on the old certificate.
        Assert.Equal("still here", await TlsProbe.RoundTripAsync(open, "still here"));
        await open.DisposeAsync();
        await fresh.DisposeAsync();
        // And the stored files are the new certificate, for a restart and for other tools.
        Assert.Equal(second.Leaf.SerialNumber, AcmeStorage.LoadCertificate(bed.State, "renew.example.com", out _)!.Leaf.SerialNumber);
    }

    [SkippableFact]
    public async Task Renewal_CaStopped_FailsWithOneLineAndOldCertificateKeepsServing()
    {
        await using var bed = await AcmeTestBed.StartAsync();
        using var logs = new CapturingLoggerProvider();
        await using var manager = Manager(bed, TimeProvider.System, logs.CreateLogger("acme"));
        var managed = manager.Manage(["keep.example.com"]);
        var old = await manager.RenewAsync(managed, force: false, CancellationToken.None);
        await bed.Pebble.StopCaAsync();

        var failure = await Assert.ThrowsAsync<AcmeException>(() => manager.RenewAsync(managed, force: true, CancellationToken.None));

        Assert.Contains("cannot reach the ACME server at https://127.0.0.1:", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
        await using var probe = TlsProbe.For(managed);
        var (stream, shown) = await ConnectAsync(probe);
        await stream.DisposeAsync();
        Assert.Equal(old!.Leaf.SerialNumber, shown.SerialNumber);
    }

    [SkippableFact]
    public async Task RenewalLoop_TwoThirdsOfLifetimePass_RenewsWithoutRestart()
    {
        // One-hour certificates: renewal is due when 20 minutes remain.
        await using var bed = await AcmeTestBed.StartAsync(new Pebble.Options { CertificateValidity = TimeSpan.FromHours(1) });
        var clock = new ManualTimers(DateTimeOffset.UtcNow);
        using var logs = new CapturingLoggerProvider();
        await using var manager = Manager(bed, clock, logs.CreateLogger("acme"));
        var managed = manager.Manage(["loop.example.com"]);

        manager.Start();
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(managed.Current is not null), TimeSpan.FromMinutes(2)), "no certificate at start");
        var first = managed.Current!;
        // Asleep until the due time: half an hour on is not yet due.
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(clock.Waiting > 0), TimeSpan.FromSeconds(30)));
        clock.Advance(TimeSpan.FromMinutes(30));
        await Task.Delay(500);
        Assert.Same(first, managed.Current);

        clock.Advance(TimeSpan.FromMinutes(15));

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(managed.Current != first), TimeSpan.FromMinutes(2)), "not renewed");
        Assert.NotEqual(first.Leaf.SerialNumber, managed.Current!.Leaf.SerialNumber);
    }

    private static async Task<(System.Net.Security.SslStream, System.Security.Cryptography.X509Certificates.X509Certificate2)> ConnectAsync(TlsProbe probe) =>
        await probe.ConnectAsync("renew.example.com");
}
