using System.CommandLine;
using Porch.Acme;
using Porch.Configuration;
using Porch.Tunnel.Relay.Certificates;

namespace Porch.Tests.Tunnel.Certificates;

/// <summary>The relay's --acme-* flags, parsed by a command that adds them as `porch relay` does.</summary>
public sealed class RelayAcmeOptionsTests
{
    [Fact]
    public void DnsFlags_BuildDns01Settings_ThatTheAcmeCompilerAccepts()
    {
        using var folder = new Support.TempDirectory();
        var keyFile = folder.File("relay.key");
        File.WriteAllText(keyFile, "key \"relay-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + Convert.ToBase64String(new byte[32]) + "\";\n};\n");
        var (options, command) = Command();

        var result = command.Parse(["--acme-ca", "https://127.0.0.1:14000/dir", "--acme-dns-server", "127.0.0.1:5353", "--acme-dns-zone", "example.com", "--acme-dns-key-file", keyFile]);
        Assert.Empty(result.Errors);
        var config = options.Build(result, hasHttpPort: false);

        Assert.Equal("https://127.0.0.1:14000/dir", config.Ca);
        Assert.Equal(AcmeChallenge.Dns01, config.Challenge);
        Assert.Equal(new DnsProviderConfig { Provider = "rfc2136", Server = "127.0.0.1:5353", Zone = "example.com", KeyFile = keyFile }, config.Dns);
        var errors = new List<ConfigError>();
        var settings = AcmeSettingsCompiler.Compile(config, folder.Path, errors);
        Assert.Empty(errors);
        Assert.Equal("relay-key", settings!.Dns!.Key!.Name.TrimEnd('.'));
    }

    [Fact]
    public void NoDnsFlags_WithAnHttpPort_LeaveHttpThenTlsAlpnChallenges()
    {
        var (options, command) = Command();

        var result = command.Parse(["--acme-email", "admin@example.com"]);
        var config = options.Build(result, hasHttpPort: true);

        Assert.Empty(result.Errors);
        Assert.Null(config.Dns);
        Assert.Null(config.Challenge);
        Assert.Equal("admin@example.com", config.Email);
        var settings = AcmeSettingsCompiler.Compile(config, ".", []);
        Assert.Equal([AcmeChallenge.Http01, AcmeChallenge.TlsAlpn01], settings!.Challenges);
    }

    [Fact]
    public void NoDnsFlags_WithoutAnHttpPort_OnlyTlsAlpn()
    {
        var (options, command) = Command();

        var config = options.Build(command.Parse([]), hasHttpPort: false);

        Assert.Equal([AcmeChallenge.TlsAlpn01], AcmeSettingsCompiler.Compile(config, ".", [])!.Challenges);
    }

    [Fact]
    public void SomeDnsFlags_AreOneErrorNamingTheMissingOnes()
    {
        var (_, command) = Command();

        var result = command.Parse(["--acme-dns-server", "127.0.0.1"]);

        var error = Assert.Single(result.Errors);
        Assert.Contains("add --acme-dns-zone and --acme-dns-key-file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommonFlagsTheCommandHasAlready_AreNotAddedTwice()
    {
        var options = new RelayAcmeOptions();
        var command = new Command("relay");
        options.Common.AddTo(command);

        options.AddTo(command);

        Assert.Single(command.Options, o => o.Name == "--acme-ca");
        Assert.Single(command.Options, o => o.Name == "--acme-dns-server");
    }

    private static (RelayAcmeOptions Options, Command Command) Command()
    {
        var options = new RelayAcmeOptions();
        var command = new Command("relay");
        options.AddTo(command);
        return (options, command);
    }
}
