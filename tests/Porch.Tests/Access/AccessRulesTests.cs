using System.Net;
using Porch.Access;
using Porch.Configuration;
using Porch.Net;
using Porch.Tests.Support;

namespace Porch.Tests.Access;

public class AccessRulesTests
{
    private const string ShaLine = "bob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=";

    private static (AccessPolicy? Policy, List<ConfigError> Errors) Compile(AccessConfig? config, string? baseDirectory = null)
    {
        var errors = new List<ConfigError>();
        var policy = AccessRules.Compile(config, "$.sites[0]", "blog", baseDirectory ?? Environment.CurrentDirectory, errors);
        return (policy, errors);
    }

    [Fact]
    public void NoAccessObject_LocalAllowedRemoteDenied()
    {
        var (policy, errors) = Compile(null);

        Assert.Empty(errors);
        Assert.Equal(AccessMode.Allow, policy!.Local);
        Assert.Equal(AccessMode.Deny, policy.Remote);
        Assert.Equal("SAMEORIGIN", policy.Headers.FrameOptions);
    }

    [Fact]
    public async Task Users_RemoteDefaultsToPassword()
    {
        var (policy, errors) = Compile(new AccessConfig { Users = [ShaLine] });

        Assert.Empty(errors);
        Assert.Equal(AccessMode.Password, policy!.Remote);
        Assert.True((await policy.Users!.VerifyAsync("bob", "secret", default)).Ok);
        Assert.False((await policy.Users.VerifyAsync("bob", "wrong", default)).Ok);
        Assert.False((await policy.Users.VerifyAsync("alice", "secret", default)).Ok);
    }

    [Fact]
    public void EveryBadValue_IsReportedWithItsPath()
    {
        var (policy, errors) = Compile(new AccessConfig
        {
            Local = "maybe",
            Remote = "sometimes",
            Users = ["nocolon", "x:$apr1$a$b", ShaLine, ShaLine],
            Htpasswd = "missing.htpasswd",
            LocalNetworks = ["10.0.0.0/33"],
            Allow = ["not-an-address"],
            Deny = ["10.0.0.1/8"],
            RateLimit = new RateLimitConfig { Requests = 0, Per = "often", Burst = -1 },
            FrameOptions = "ALLOW-FROM x",
        });

        Assert.Null(policy);
        var paths = errors.Select(e => e.Path).ToList();
        Assert.Equal(
            [
                "$.sites[0].access.users[0]", "$.sites[0].access.users[1]", "$.sites[0].access.users[3]",
                "$.sites[0].access.htpasswd", "$.sites[0].access.local", "$.sites[0].access.remote",
                "$.sites[0].access.localNetworks[0]", "$.sites[0].access.allow[0]", "$.sites[0].access.deny[0]",
                "$.sites[0].access.rateLimit.requests", "$.sites[0].access.rateLimit.per", "$.sites[0].access.rateLimit.burst",
                "$.sites[0].access.frameOptions",
            ],
            paths);
        Assert.Contains(errors, e => e.Message.Contains("porch passwd", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("\"10.0.0.0/8\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("password", null, "remote")]
    [InlineData(null, "password", "local")]
    public void PasswordWithoutUsers_SaysHowToAddThem(string? remote, string? local, string field)
    {
        var (_, errors) = Compile(new AccessConfig { Remote = remote, Local = local });

        var error = Assert.Single(errors);
        Assert.Equal($"$.sites[0].access.{field}", error.Path);
        Assert.Contains("porch passwd USER", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("off", null)]
    [InlineData("deny", "DENY")]
    [InlineData("SameOrigin", "SAMEORIGIN")]
    public void FrameOptions_Compiled(string text, string? header)
    {
        Assert.Equal(header, Compile(new AccessConfig { FrameOptions = text }).Policy!.Headers.FrameOptions);
    }

    [Fact]
    public void Classifier_LoopbackAndConfiguredNetworksAreLocal_OthersRemote()
    {
        var (policy, _) = Compile(new AccessConfig { LocalNetworks = ["198.51.100.0/24", "2001:db8:5::/48"] });

        Assert.True(policy!.IsLocal(IPAddress.Loopback));
        Assert.True(policy.IsLocal(IPAddress.IPv6Loopback));
        Assert.True(policy.IsLocal(IPAddress.Parse("198.51.100.9")));
        Assert.True(policy.IsLocal(IPAddress.Parse("2001:db8:5:1::2")));
        Assert.False(policy.IsLocal(IPAddress.Parse("203.0.113.9")));
        Assert.False(policy.IsLocal(IPAddress.Parse("8.8.8.8")));
        Assert.False(policy.IsLocal(null));
    }

    [Fact]
    public void Classifier_MachineInterfaces_PrivatePrefixesAndIpv6Links()
    {
        Assert.Equal(IPNetwork.Parse("192.168.1.0/24"), MachineNetworks.Network(IPAddress.Parse("192.168.1.20"), 24));
        Assert.Equal(IPNetwork.Parse("fe80::/64"), MachineNetworks.Network(IPAddress.Parse("fe80::1:2"), 64));
        Assert.Equal(IPNetwork.Parse("fd00:1::/64"), MachineNetworks.Network(IPAddress.Parse("fd00:1::5"), 64));
        // A home network's global IPv6 /64 is one link; a VPS's public IPv4 /24 or a wider IPv6 prefix holds strangers.
        Assert.Equal(IPNetwork.Parse("2a01:4f8:1:2::/64"), MachineNetworks.Network(IPAddress.Parse("2a01:4f8:1:2::5"), 64));
        Assert.Null(MachineNetworks.Network(IPAddress.Parse("8.8.4.4"), 24));
        Assert.Null(MachineNetworks.Network(IPAddress.Parse("2a01:4f8::5"), 48));
        Assert.Null(MachineNetworks.Network(IPAddress.Loopback, 8));
    }

    [SkippableFact]
    public void Classifier_ThisMachinesOwnPrivateAddresses_AreLocal()
    {
        var own = InterfaceAddresses.List()
            .Select(i => i.Address)
            .Where(a => AddressClassifier.Classify(a) is AddressClass.Private)
            .ToList();
        Skip.If(own.Count == 0, "this machine has no private interface address");

        var policy = Compile(null).Policy!;
        Assert.All(own, a => Assert.True(policy.IsLocal(a), $"{a} is this machine's"));
    }

    [Fact]
    public void Lists_DenyWinsAndAllowRefusesTheRest()
    {
        var (policy, _) = Compile(new AccessConfig { Allow = ["10.0.0.0/8"], Deny = ["10.1.0.0/16"] });

        Assert.False(policy!.IsRefused(IPAddress.Parse("10.2.3.4")));
        Assert.True(policy.IsRefused(IPAddress.Parse("10.1.3.4")));
        Assert.True(policy.IsRefused(IPAddress.Parse("192.0.2.1")));
        Assert.True(policy.IsRefused(null));
    }

    [Fact]
    public void Htpasswd_BadLine_IsReportedWithItsLineNumber()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("users"), "# team\n" + ShaLine + "\n\ncarol:$apr1$x$y\n");

        var (_, errors) = Compile(new AccessConfig { Htpasswd = "users" }, dir.Path);

        var error = Assert.Single(errors);
        Assert.Equal("$.sites[0].access.htpasswd", error.Path);
        Assert.Contains("line 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("carol", error.Message, StringComparison.Ordinal);
    }
}
