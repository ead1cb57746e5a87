using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Porch.Acme;
using Porch.Tests.Support;

namespace Porch.Tests.Acme;

public class AcmeManagerTests
{
    [Fact]
    public async Task RenewalFailing_SevenDaysBeforeExpiry_ErrorLineOncePerDay_OldCertificateServed()
    {
        using var state = new TempDirectory();
        var now = DateTimeOffset.UtcNow;
        // A 90-day certificate with 5 days left: long past due.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=old.example.com", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("old.example.com");
        request.CertificateExtensions.Add(san.Build());
        using var old = request.CreateSelfSigned(now.AddDays(-85), now.AddDays(5));
        AcmeStorage.SaveCertificate(state.Path, "old.example.com", old.ExportCertificatePem(), key);
        var clock = new ManualTimers(now);
        using var logs = new CapturingLoggerProvider();
        var settings = new AcmeSettings { Directory = new Uri($"https://127.0.0.1:{FreePort.Allocate()}/dir") };
        await using var manager = new AcmeManager(settings, state.Path, new AcmeChallengeResponses(), null, clock, logs.CreateLogger("acme"));

        var managed = manager.Manage(["old.example.com"]);
        Assert.Equal(old.SerialNumber, managed.Current!.Leaf.SerialNumber);
        manager.Start();
        await logs.WaitForAsync(e => e.EventId == 212, TimeSpan.FromSeconds(30));
        // The next tries within the day are warnings, not another error line.
        await WaitAsleepAsync(clock);
        clock.Advance(TimeSpan.FromMinutes(5));
        await logs.WaitForAsync(e => e.EventId == 211, TimeSpan.FromSeconds(30));
        Assert.Single(logs.Entries, e => e.EventId == 212);

        for (var i = 0; i < 30 && logs.Entries.Count(e => e.EventId == 212) < 2; i++)
        {
            await WaitAsleepAsync(clock);
            clock.Advance(TimeSpan.FromHours(1));
            await Task.Delay(100);
        }

        var errors = logs.Entries.Where(e => e.EventId == 212).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal(LogLevel.Error, errors[0].Level);
        Assert.Contains("expires in 4 day(s)", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("expires in 3 day(s)", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("cannot reach the ACME server", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(old.SerialNumber, managed.Find("old.example.com")!.TargetCertificate.SerialNumber);
    }

    private static async Task WaitAsleepAsync(ManualTimers clock) =>
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(clock.Waiting > 0), TimeSpan.FromSeconds(30)), "the renewal loop never went to sleep");
}
