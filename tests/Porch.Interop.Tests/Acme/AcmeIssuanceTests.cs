using System.Security.Cryptography.X509Certificates;
using Porch.Acme;

namespace Porch.Interop.Tests.Acme;

[Collection("pebble")]
public class AcmeIssuanceTests
{
    [SkippableFact]
    public async Task Http01_TwoNames_CertificateStoredAndChainsToPebbleRoot()
    {
        // Pebble refuses 30% of good nonces: over the dozen signed requests of an order, badNonce retries (RFC 8555
        // §6.5) are all but certain to be needed.
        await using var bed = await AcmeTestBed.StartAsync(new Porch.Tests.Support.Pebble.Options { NonceRejectPercent = 30 });

        var stored = await bed.Issuer().IssueAsync("www.example.com", ["www.example.com", "example.com"], null, CancellationToken.None);

        Assert.Equal(["www.example.com", "example.com"], stored.Names);
        Assert.True(stored.Leaf.HasPrivateKey);
        var folder = AcmeStorage.CertificateFolder(bed.State, "www.example.com");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "privkey.pem")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(new AcmeStorage(bed.State, bed.Pebble.DirectoryUrl).AccountKeyPath));
        AssertChainsToPebble(stored, await bed.Pebble.IssuingRootPemAsync());
        Assert.Empty(bed.Porch.Server.Challenges.Http01);
    }

    [SkippableFact]
    public async Task TlsAlpn01_ChallengeCertificateAcceptedByPebble()
    {
        await using var bed = await AcmeTestBed.StartAsync();
        await using var alpn = new AlpnChallengeServer(bed.TlsPort, bed.Porch.Server.Challenges);

        var stored = await bed.Issuer(new TlsAlpn01Solver(bed.Porch.Server.Challenges, TimeProvider.System))
            .IssueAsync("alpn.example.com", ["alpn.example.com"], null, CancellationToken.None);

        Assert.Equal(["alpn.example.com"], stored.Names);
        AssertChainsToPebble(stored, await bed.Pebble.IssuingRootPemAsync());
        Assert.Empty(bed.Porch.Server.Challenges.TlsAlpn01);
    }

    [SkippableFact]
    public async Task Http01_CaCannotReachPorch_OneLineWithTheCasProblemAndWhatToCheck()
    {
        await using var bed = await AcmeTestBed.StartAsync(porchOnPebblePort: false);

        var failure = await Assert.ThrowsAsync<AcmeException>(() =>
            bed.Issuer().IssueAsync("unreachable.example.com", ["unreachable.example.com"], null, CancellationToken.None));

        Assert.StartsWith("Validating unreachable.example.com with http-01 failed: CA says connection", failure.Message, StringComparison.Ordinal);
        Assert.Contains("port 80 for http-01", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.Empty(bed.Porch.Server.Challenges.Http01);
        Assert.Null(AcmeStorage.LoadCertificate(bed.State, "unreachable.example.com", out _));
    }

    [SkippableFact]
    public async Task RestartMidOrder_SavedOrderResumed_NotStartedOver()
    {
        await using var bed = await AcmeTestBed.StartAsync();
        // The first run dies while its challenge is being set up: the order and its key are already saved.
        using var dying = new CancellationTokenSource();
        var crash = new CrashingSolver(dying);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            bed.Issuer(crash).IssueAsync("resume.example.com", ["resume.example.com"], null, dying.Token));
        var saved = Directory.GetFiles(Path.Combine(new AcmeStorage(bed.State, bed.Pebble.DirectoryUrl).AccountFolder, "orders"));
        Assert.Single(saved);
        var orderUrl = System.Text.Json.JsonDocument.Parse(File.ReadAllText(saved[0])).RootElement.GetProperty("order").GetString()!;

        using var logs = new Porch.Tests.Support.CapturingLoggerProvider();
        var stored = await bed.Issuer(logger: logs.CreateLogger("acme")).IssueAsync("resume.example.com", ["resume.example.com"], null, CancellationToken.None);

        Assert.Contains(logs.Entries, e => e.EventId == 201 && e.Message.Contains(orderUrl, StringComparison.Ordinal));
        Assert.Equal(["resume.example.com"], stored.Names);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(saved[0])!));
    }

    private sealed class CrashingSolver(CancellationTokenSource dying) : IChallengeSolver
    {
        public string Type => AcmeChallenge.Http01;

        public async Task PresentAsync(string name, string token, string keyAuthorization, CancellationToken cancellationToken)
        {
            await dying.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        public Task CleanupAsync(string name, string token, string keyAuthorization, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    internal static void AssertChainsToPebble(StoredCertificate stored, string rootPem)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(rootPem));
        chain.ChainPolicy.ExtraStore.AddRange(stored.Chain);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(stored.Leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }
}
