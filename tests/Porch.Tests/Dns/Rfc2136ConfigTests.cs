using System.Net;
using System.Text.Json;
using Porch.Configuration;
using Porch.Dns;
using Porch.Tests.Support;
using Porch.Wire.Dns;

namespace Porch.Tests.Dns;

public class Rfc2136ConfigTests
{
    private static (Rfc2136Settings? Settings, List<ConfigError> Errors) Compile(string json)
    {
        var errors = new List<ConfigError>();
        using var document = JsonDocument.Parse(json);
        var config = DnsProviderConfigReader.Read(document.RootElement, "$.acme.dns", errors);
        var settings = errors.Count == 0 ? Rfc2136Config.Create(config, "$.acme.dns", errors) : null;
        return (settings, errors);
    }

    [Fact]
    public void Create_SecretInConfig_GivesServerZoneAndKey()
    {
        var (settings, errors) = Compile("""
            { "provider": "rfc2136", "server": "192.0.2.53:5353", "zone": "example.com",
              "keyName": "porch-key.", "keyAlgorithm": "hmac-sha512", "keySecret": "c2VjcmV0" }
            """);

        Assert.Empty(errors);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.53"), 5353), settings!.Server);
        Assert.Equal("example.com", settings.Zone);
        Assert.Equal(new TsigKey("porch-key.", TsigAlgorithm.HmacSha512, default).ToString(), settings.Key!.ToString());
        Assert.Equal("secret"u8.ToArray(), settings.Key.Secret.ToArray());
    }

    [Theory]
    [InlineData("2001:db8::53", "[2001:db8::53]:53")]
    [InlineData("[2001:db8::53]:5300", "[2001:db8::53]:5300")]
    [InlineData("127.0.0.1", "127.0.0.1:53")]
    public void Create_ServerWithoutPort_UsesPort53(string server, string expected)
    {
        var (settings, errors) = Compile($$"""{ "provider": "rfc2136", "server": "{{server}}", "zone": "example.com", "keyName": "k", "keySecret": "AAAA" }""");

        Assert.Empty(errors);
        Assert.Equal(expected, settings!.Server.ToString());
        Assert.Equal(TsigAlgorithm.HmacSha256, settings.Key!.Algorithm);
    }

    [Fact]
    public void Create_KeyFile_ReadsTheKeyBindUses()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("porch.key"), """key "porch-key" { algorithm hmac-sha256; secret "c2VjcmV0"; };""");

        var (settings, errors) = Compile($$"""{ "provider": "rfc2136", "server": "127.0.0.1:53", "zone": "example.com", "keyFile": "{{folder.File("porch.key")}}" }""");

        Assert.Empty(errors);
        Assert.Equal("porch-key", settings!.Key!.Name);
    }

    [Fact]
    public void Create_EverythingWrong_ReportsEveryProblemWithItsPath()
    {
        var (settings, errors) = Compile("""{ "provider": "route53", "server": "ns1.example.com", "zone": "a..b", "keyName": "k", "keyAlgorithm": "hmac-md5", "keySecret": "%%%" , "ttl": 5 }""");

        Assert.Null(settings);
        Assert.Equal(["$.acme.dns.ttl: unknown property (known here: provider, server, zone, keyName, keyAlgorithm, keySecret, keyFile)"], errors.Select(e => e.ToString()));

        var (_, all) = Compile("""{ "provider": "route53", "server": "ns1.example.com", "zone": "a..b", "keyName": "k", "keyAlgorithm": "hmac-md5", "keySecret": "%%%" }""");
        Assert.Equal(
            [
                "$.acme.dns.provider: \"route53\" is not a DNS provider Porch knows; use \"rfc2136\"",
                "$.acme.dns.server: \"ns1.example.com\" is not IP or IP:PORT (a host name is not accepted: Porch must not depend on DNS to update DNS)",
                "$.acme.dns.zone: \"a..b\" is not a domain name: it has an empty label (two dots in a row, or a leading dot)",
                "$.acme.dns.keyAlgorithm: \"hmac-md5\" is not a TSIG algorithm Porch supports (hmac-sha256, hmac-sha512)",
                "$.acme.dns.keySecret: is not base64; copy the secret \"...\" of the key statement",
            ],
            all.Select(e => e.ToString()));
    }

    [Fact]
    public void Create_NoKey_SaysToSetSecretOrFile()
    {
        var (_, errors) = Compile("""{ "provider": "rfc2136", "server": "127.0.0.1", "zone": "example.com" }""");

        Assert.Equal(["$.acme.dns.keySecret: missing; set keySecret (base64, with keyName) or keyFile (a BIND key file from tsig-keygen)"], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Create_MissingKeyFile_NamesTheFile()
    {
        var (_, errors) = Compile("""{ "provider": "rfc2136", "server": "127.0.0.1", "zone": "example.com", "keyFile": "/nonexistent/porch.key" }""");

        var error = Assert.Single(errors);
        Assert.Equal("$.acme.dns.keyFile", error.Path);
        Assert.StartsWith("cannot read /nonexistent/porch.key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotAnObject_SaysWhatShapeIsExpected()
    {
        var (_, errors) = Compile("\"rfc2136\"");

        Assert.Contains("must be an object like", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}
