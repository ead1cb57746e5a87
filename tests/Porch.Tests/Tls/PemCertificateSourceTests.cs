using Microsoft.Extensions.Logging;
using Porch.Tests.Support;
using Porch.Tls;

namespace Porch.Tests.Tls;

public class PemCertificateSourceTests
{
    [Fact]
    public async Task Watch_FilesReplaced_NewCertificateServedWithoutAsking()
    {
        using var dir = new TempDirectory();
        using var logs = new CapturingLoggerProvider();
        var first = TestCertificates.WritePair(dir.File("fullchain.pem"), dir.File("privkey.pem"), ["one.test"]);
        using var source = PemCertificateSource.Open(dir.File("fullchain.pem"), dir.File("privkey.pem"),
            logs.CreateLogger("pem"), out _)!;
        Assert.Equal(first.Thumbprint, source.Find(null)!.TargetCertificate.Thumbprint);

        var second = TestCertificates.WritePair(dir.File("fullchain.pem"), dir.File("privkey.pem"), ["two.test"]);

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(source.Find(null)!.TargetCertificate.Thumbprint == second.Thumbprint),
            TimeSpan.FromSeconds(10)), "the new pair was not picked up");
        await logs.WaitForAsync(e => e.EventId == 401 && e.Message.Contains("two.test", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Reload_MismatchedNewPair_OldCertificateKeepsServingAndTheLogSaysWhy()
    {
        using var dir = new TempDirectory();
        using var logs = new CapturingLoggerProvider();
        var first = TestCertificates.WritePair(dir.File("fullchain.pem"), dir.File("privkey.pem"), ["one.test"]);
        using var source = PemCertificateSource.Open(dir.File("fullchain.pem"), dir.File("privkey.pem"),
            logs.CreateLogger("pem"), out _)!;

        // A renewal half done: the new certificate is there, its key is not yet.
        TestCertificates.WritePair(dir.File("fullchain.pem"), dir.File("newkey.pem"), ["two.test"]);
        source.Reload();

        Assert.Equal(first.Thumbprint, source.Find(null)!.TargetCertificate.Thumbprint);
        var warning = Assert.Single(logs.Entries, e => e.EventId == 402);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("does not match", warning.Message, StringComparison.Ordinal);

        File.Copy(dir.File("newkey.pem"), dir.File("privkey.pem"), overwrite: true);
        source.Reload();

        Assert.True(source.Find(null)!.TargetCertificate.MatchesHostname("two.test"));
    }
}
