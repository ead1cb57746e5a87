using Porch.Configuration;
using Porch.Hosting;
using Porch.Net;

namespace Porch.Tests.Net;

public class TrustedProxiesConfigTests
{
    private const string Site = "\"sites\": [ { \"listen\": [\"127.0.0.1:0\"], \"routes\": [ { \"upstream\": \"8000\" } ] } ]";

    [Fact]
    public void Compile_TrustedProxies_BecomeOneCidrSet()
    {
        var compiled = Compile($"{{ \"trustedProxies\": [\"10.0.0.0/8\", \"::1\"], {Site} }}", out var errors);

        Assert.Empty(errors);
        Assert.Equal("10.0.0.0/8, ::1/128", compiled!.TrustedProxies.ToString());
        Assert.True(compiled.TrustedProxies.Contains(System.Net.IPAddress.IPv6Loopback));
    }

    [Fact]
    public void Compile_NoTrustedProxies_TrustsNobody()
    {
        var compiled = Compile($"{{ {Site} }}", out var errors);

        Assert.Empty(errors);
        Assert.Same(CidrSet.Empty, compiled!.TrustedProxies);
    }

    [Fact]
    public void Compile_BadEntries_EachReportedWithItsPath()
    {
        var compiled = Compile($"{{ \"trustedProxies\": [\"10.0.0.0/8\", \"proxy.example\", \"192.0.2.1/24\", 7], {Site} }}", out var errors);

        Assert.Null(compiled);
        Assert.Equal(["$.trustedProxies[1]", "$.trustedProxies[2]", "$.trustedProxies[3]"], errors.Select(e => e.Path));
        Assert.Contains("write \"192.0.2.0/24\"", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TrustedProxiesNotAList_IsAnError()
    {
        var (_, errors) = ConfigReader.Read($"{{ \"trustedProxies\": \"10.0.0.0/8\", {Site} }}");

        Assert.Contains(errors, e => e.Path == "$.trustedProxies" && e.Message.Contains("must be an array", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_ProxyProtocolWithoutTrustedProxies_SaysWhatToAdd()
    {
        const string json = "{ \"sites\": [ { \"listen\": [ { \"address\": \"127.0.0.1:0\", \"proxyProtocol\": true } ], \"routes\": [ { \"upstream\": \"8000\" } ] } ] }";

        var compiled = Compile(json, out var errors);

        Assert.Null(compiled);
        var error = Assert.Single(errors);
        Assert.Equal("$.sites[0].listen[0].proxyProtocol", error.Path);
        Assert.Contains("add your proxy's address to \"trustedProxies\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ProxyProtocolWithTrustedProxies_ListenerExpectsTheHeader()
    {
        const string json = "{ \"trustedProxies\": [\"127.0.0.2\"], \"sites\": [ { \"listen\": [ { \"address\": \"127.0.0.1:0\", \"proxyProtocol\": true } ], \"routes\": [ { \"upstream\": \"8000\" } ] } ] }";

        var compiled = Compile(json, out var errors);

        Assert.Empty(errors);
        Assert.True(Assert.Single(compiled!.Listeners).ProxyProtocol);
    }

    private static CompiledConfig? Compile(string json, out IReadOnlyList<ConfigError> errors)
    {
        var (config, readErrors) = ConfigReader.Read(json);
        Assert.Empty(readErrors);
        var (compiled, compileErrors) = ConfigCompiler.Compile(config!, Environment.CurrentDirectory, ValidatingHandlerFactory.Instance);
        errors = compileErrors;
        return compiled;
    }
}
