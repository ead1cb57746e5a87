using Porch.Acme;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.Dns;

/// <summary>The <c>acme.dns</c> object read from porch.json and compiled with the rest of <c>acme</c>.</summary>
public class AcmeDnsConfigTests
{
    private static (AcmeSettings? Settings, List<ConfigError> Errors) Compile(string json, string baseDirectory = "/")
    {
        var (config, readErrors) = ConfigReader.Read(json);
        var errors = readErrors.ToList();
        var settings = config is null ? null : AcmeSettingsCompiler.Compile(config.Acme, baseDirectory, errors);
        return (settings, errors);
    }

    [Fact]
    public void Acme_Dns01WithKeyFileBesideTheConfig_CompilesToRfc2136Settings()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("porch.key"), """key "porch-key." { algorithm hmac-sha512; secret "c2VjcmV0"; };""");

        var (settings, errors) = Compile("""
            { "acme": { "challenge": "dns-01",
                        "dns": { "provider": "rfc2136", "server": "127.0.0.1:5353", "zone": "example.com", "keyFile": "porch.key" } } }
            """, folder.Path);

        Assert.Empty(errors);
        Assert.Equal([AcmeChallenge.Dns01], settings!.Challenges);
        Assert.Equal("127.0.0.1:5353", settings.Dns!.Server.ToString());
        Assert.Equal("porch-key. (hmac-sha512)", settings.Dns.Key!.ToString());
    }

    [Fact]
    public void Acme_Dns01WithoutDnsObject_SaysWhatToAdd()
    {
        var (settings, errors) = Compile("""{ "acme": { "challenge": "dns-01" } }""");

        Assert.Null(settings);
        var error = Assert.Single(errors);
        Assert.Equal("$.acme.dns", error.Path);
        Assert.StartsWith("missing; dns-01 needs the DNS server to update", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acme_DnsWithUnknownPropertyAndBadServer_ReportsBothPaths()
    {
        var (_, readErrors) = ConfigReader.Read("""{ "acme": { "dns": { "provider": "rfc2136", "secret": "x" } } }""");
        var (_, compileErrors) = Compile("""{ "acme": { "dns": { "provider": "rfc2136", "server": "dns.example.com", "zone": "example.com", "keyName": "k", "keySecret": "AAAA" } } }""");

        Assert.Equal("$.acme.dns.secret", Assert.Single(readErrors).Path);
        Assert.Equal("$.acme.dns.server", Assert.Single(compileErrors).Path);
    }
}
