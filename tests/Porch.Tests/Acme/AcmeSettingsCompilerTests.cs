using Porch.Acme;
using Porch.Configuration;

namespace Porch.Tests.Acme;

public class AcmeSettingsCompilerTests
{
    [Fact]
    public void Defaults_LetsEncryptProductionHttp01ThenTlsAlpn01()
    {
        var errors = new List<ConfigError>();
        var settings = AcmeSettingsCompiler.Compile(null, "/", errors);
        Assert.Empty(errors);
        Assert.Equal(new Uri(AcmeSettings.LetsEncrypt), settings!.Directory);
        Assert.Equal([AcmeChallenge.Http01, AcmeChallenge.TlsAlpn01], settings.Challenges);
    }

    [Fact]
    public void FromPorchJson_StagingEmailAndChallengeRead()
    {
        var (config, readErrors) = ConfigReader.Read("""
            { "sites": [], "acme": { "ca": "staging", "email": "me@example.com", "challenge": "tls-alpn-01" } }
            """);
        Assert.Empty(readErrors);
        var errors = new List<ConfigError>();
        var settings = AcmeSettingsCompiler.Compile(config!.Acme, "/", errors);
        Assert.Empty(errors);
        Assert.Equal(new Uri(AcmeSettings.LetsEncryptStaging), settings!.Directory);
        Assert.Equal("me@example.com", settings.Email);
        Assert.Equal([AcmeChallenge.TlsAlpn01], settings.Challenges);
    }

    [Fact]
    public void BadValues_EveryErrorWithItsPath()
    {
        var errors = new List<ConfigError>();
        var settings = AcmeSettingsCompiler.Compile(
            new AcmeConfig { Ca = "http://ca.example/dir", CaTrust = "missing.pem", Email = "mailto:me@example.com", Challenge = "http-02" }, "/nowhere", errors);

        Assert.Null(settings);
        Assert.Equal(["$.acme.ca", "$.acme.caTrust", "$.acme.email", "$.acme.challenge"], errors.Select(e => e.Path));
        Assert.Contains("/nowhere/missing.pem does not exist", errors[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("*.example.com", true)]
    [InlineData("localhost", false)]
    [InlineData("printer.local", false)]
    [InlineData("site.test", false)]
    [InlineData("192.0.2.7", false)]
    [InlineData("intranet", false)]
    public void IsPublicName(string host, bool expected)
    {
        Assert.Equal(expected, AcmeSettingsCompiler.IsPublicName(host));
    }
}
