using Porch.Access;
using Porch.Configuration;

namespace Porch.Tests.Access;

public class AccessSummaryTests
{
    [Theory]
    [InlineData(null, false, "remote clients are refused. Add --remote-password USER")]
    [InlineData(null, true, "remote clients sign in with a password, over HTTPS only")]
    [InlineData("allow", false, "Everyone who can reach the port gets in")]
    [InlineData("deny", true, "remote clients are refused")]
    public void Describe_SaysWhoGetsIn(string? remote, bool users, string expected)
    {
        var access = new AccessConfig { Remote = remote, Users = users ? ["bob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ="] : [] };

        Assert.Contains(expected, AccessSummary.Describe(access), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_SeveralSites_NamedEach()
    {
        var config = new PorchConfig { Sites = [new SiteConfig { Name = "blog" }, new SiteConfig { Name = "api", Access = new AccessConfig { Remote = "allow" } }] };

        var lines = AccessSummary.Lines(config).ToList();

        Assert.StartsWith("blog: Clients on this machine", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("api: Everyone", lines[1], StringComparison.Ordinal);
    }
}
