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
