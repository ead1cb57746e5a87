using System.Net.Security;
using Porch.Tls;

namespace Porch.Tests.Tls;

public class SniSelectorTests
{
    private static readonly Named Apex = new("apex"), Wild = new("wild"), Api = new("api"), Default = new("default");

    private static SniSelector Build(bool withHostless)
    {
        var selector = new SniSelector();
        selector.Add(["example.com"], Apex);
        selector.Add(["*.example.com"], Wild);
        selector.Add(["api.example.com", "api.example.net"], Api);
        if (withHostless)
        {
            selector.Add([], Default);
        }

        return selector;
    }

    [Theory]
    [InlineData("example.com", "apex")]
    [InlineData("EXAMPLE.com", "apex")]
    [InlineData("api.example.com", "api")]
    [InlineData("api.example.net", "api")]
    [InlineData("www.example.com", "wild")]
    [InlineData("a.b.example.com", "default")]
    [InlineData("other.test", "default")]
    [InlineData(null, "default")]
    [InlineData("127.0.0.1", "default")]
    public void Select_ExactThenOneLabelWildcardThenDefault(string? name, string expected)
    {
        Assert.Equal(expected, ((Named)Build(withHostless: true).Select(name)!).Name);
    }

    [Fact]
    public void Select_NoHostlessSite_FirstTlsSiteIsTheDefault()
    {
        Assert.Equal("apex", ((Named)Build(withHostless: false).Select("unknown.test")!).Name);
    }

    private sealed record Named(string Name) : ICertificateSource
    {
        public SslStreamCertificateContext? Find(string? serverName) => null;
    }
}
