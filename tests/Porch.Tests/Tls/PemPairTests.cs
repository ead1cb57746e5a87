using Porch.Tests.Support;
using Porch.Tls;

namespace Porch.Tests.Tls;

public class PemPairTests
{
    [Theory]
    [InlineData(false, "Pkcs8")]
    [InlineData(false, "Sec1Ec")]
    [InlineData(true, "Pkcs8")]
    [InlineData(true, "Pkcs1Rsa")]
    public void Load_CertbotStylePair_LeafWithKeyAndItsChain(bool rsa, string form)
    {
        using var dir = new TempDirectory();
        var leaf = TestCertificates.WritePair(
            dir.File("fullchain.pem"), dir.File("privkey.pem"), ["files.test"], rsa, Enum.Parse<TestCertificates.KeyForm>(form));

        var pair = PemPair.Load(dir.File("fullchain.pem"), dir.File("privkey.pem"), out var error);

        Assert.Null(error);
        Assert.Equal(leaf.Thumbprint, pair!.Leaf.Thumbprint);
        Assert.True(pair.Leaf.HasPrivateKey);
        Assert.Equal(TestCertificates.Intermediate, Assert.Single(pair.Context.IntermediateCertificates).Thumbprint);
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_SaysTheyDoNotMatch()
    {
        using var dir = new TempDirectory();
        TestCertificates.WritePair(dir.File("fullchain.pem"), dir.File("privkey.pem"), ["a.test"]);
        TestCertificates.WritePair(dir.File("other.pem"), dir.File("otherkey.pem"), ["b.test"]);

        Assert.Null(PemPair.Load(dir.File("fullchain.pem"), dir.File("otherkey.pem"), out var error));

        Assert.Contains("does not match", error, StringComparison.Ordinal);
        Assert.Contains(dir.File("otherkey.pem"), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RsaKeyForEcCertificate_SaysWhichKeyIsNeeded()
    {
        using var dir = new TempDirectory();
        TestCertificates.WritePair(dir.File("ec.pem"), dir.File("eckey.pem"), ["a.test"]);
        TestCertificates.WritePair(dir.File("rsa.pem"), dir.File("rsakey.pem"), ["a.test"], rsa: true, TestCertificates.KeyForm.Pkcs1Rsa);

        Assert.Null(PemPair.Load(dir.File("ec.pem"), dir.File("rsakey.pem"), out var error));

        Assert.Contains("no usable EC private key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        using var dir = new TempDirectory();

        Assert.Null(PemPair.Load(dir.File("nope.pem"), dir.File("key.pem"), out var error));

        Assert.Contains($"cannot read the certificate file {dir.File("nope.pem")}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeySwappedForCertificate_SaysThereIsNoCertificate()
    {
        using var dir = new TempDirectory();
        TestCertificates.WritePair(dir.File("fullchain.pem"), dir.File("privkey.pem"), ["a.test"]);

        Assert.Null(PemPair.Load(dir.File("privkey.pem"), dir.File("fullchain.pem"), out var error));

        Assert.Contains("holds no certificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EncryptedKey_SaysHowToDecryptIt()
    {
        using var dir = new TempDirectory();
        TestCertificates.WritePair(dir.File("fullchain.pem"), dir.File("privkey.pem"), ["a.test"]);
        using var key = System.Security.Cryptography.ECDsa.Create();
        File.WriteAllText(dir.File("enc.pem"), key.ExportEncryptedPkcs8PrivateKeyPem("secret",
            new System.Security.Cryptography.PbeParameters(System.Security.Cryptography.PbeEncryptionAlgorithm.Aes128Cbc,
                System.Security.Cryptography.HashAlgorithmName.SHA256, 1000)));

        Assert.Null(PemPair.Load(dir.File("fullchain.pem"), dir.File("enc.pem"), out var error));

        Assert.Contains("openssl pkey", error, StringComparison.Ordinal);
    }
}
