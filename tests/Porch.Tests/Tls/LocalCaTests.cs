using System.Net;
using System.Security.Cryptography.X509Certificates;
using Porch.Tests.Support;
using Porch.Tls;

namespace Porch.Tests.Tls;

public class LocalCaTests
{
    [Fact]
    public void LoadOrCreate_SecondStart_SameRoot()
    {
        using var state = new TempDirectory();

        using var first = LocalCa.LoadOrCreate(state.Path, TimeProvider.System);
        using var second = LocalCa.LoadOrCreate(state.Path, TimeProvider.System);

        Assert.Equal(first.Root.Thumbprint, second.Root.Thumbprint);
        Assert.True(second.Root.HasPrivateKey);
        Assert.Equal(first.RootPem, File.ReadAllText(Path.Combine(state.Path, "ca", "root.crt")));
    }

    [Fact]
    public void LoadOrCreate_NewRoot_KeyIsOwnerOnlyAndRootIsAnEcdsaP256Ca()
    {
        using var state = new TempDirectory();

        using var ca = LocalCa.LoadOrCreate(state.Path, TimeProvider.System);

        var keyPath = Path.Combine(state.Path, "ca", "root.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        Assert.Equal("1.2.840.10045.2.1", ca.Root.GetKeyAlgorithm());
        Assert.Equal(256, ca.Root.GetECDsaPublicKey()!.KeySize);
        var constraints = ca.Root.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.Empty(Directory.GetFiles(Path.Combine(state.Path, "ca"), "*.tmp"));
    }

    [Fact]
    public void LoadOrCreate_CorruptKey_ErrorNamesTheFileAndLeavesItAlone()
    {
        using var state = new TempDirectory();
        LocalCa.LoadOrCreate(state.Path, TimeProvider.System).Dispose();
        var keyPath = Path.Combine(state.Path, "ca", "root.key");
        File.WriteAllText(keyPath, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        var error = Assert.Throws<LocalCaException>(() => LocalCa.LoadOrCreate(state.Path, TimeProvider.System));

        Assert.Contains(keyPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("never replaces", error.Message, StringComparison.Ordinal);
        Assert.Contains("bm90IGEga2V5", File.ReadAllText(keyPath), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadOrCreate_KeyOfAnotherCa_Refused()
    {
        using var one = new TempDirectory();
        using var two = new TempDirectory();
        LocalCa.LoadOrCreate(one.Path, TimeProvider.System).Dispose();
        LocalCa.LoadOrCreate(two.Path, TimeProvider.System).Dispose();
        File.Copy(Path.Combine(two.Path, "ca", "root.key"), Path.Combine(one.Path, "ca", "root.key"), overwrite: true);

        var error = Assert.Throws<LocalCaException>(() => LocalCa.LoadOrCreate(one.Path, TimeProvider.System));

        Assert.Contains("does not belong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadOrCreate_CertificateMissing_RefusedInsteadOfANewRoot()
    {
        using var state = new TempDirectory();
        LocalCa.LoadOrCreate(state.Path, TimeProvider.System).Dispose();
        File.Delete(Path.Combine(state.Path, "ca", "root.crt"));

        var error = Assert.Throws<LocalCaException>(() => LocalCa.LoadOrCreate(state.Path, TimeProvider.System));

        Assert.Contains("root.crt is missing", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(state.Path, "ca", "root.crt")));
    }

    [Fact]
    public void Issue_NameAndAddress_ChainsToTheRootAloneAndNamesThem()
    {
        using var state = new TempDirectory();
        using var ca = LocalCa.LoadOrCreate(state.Path, TimeProvider.System);

        using var leaf = ca.Issue(["app.test"], [IPAddress.Parse("192.0.2.7")], DateTimeOffset.UtcNow);

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(ca.RootPem));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.True(leaf.MatchesHostname("app.test"));
        Assert.True(leaf.MatchesHostname("192.0.2.7"));
        Assert.False(leaf.MatchesHostname("other.test"));
        Assert.True(leaf.NotAfter - leaf.NotBefore <= LocalCa.LeafLifetime + TimeSpan.FromHours(1));
    }
}
