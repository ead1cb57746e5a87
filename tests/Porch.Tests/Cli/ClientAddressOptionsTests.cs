namespace Porch.Tests.Cli;

public class ClientAddressOptionsTests
{
    [Theory]
    [InlineData("serve")]
    [InlineData("proxy", "8000")]
    public async Task TrustedProxy_BadValue_NamesTheFlagAndTheFix(params string[] verb)
    {
        var (code, _, errors) = await CliTests.InvokeAsync([.. verb, "--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "10.0.0.1/8"]);

        Assert.NotEqual(0, code);
        Assert.Contains("--trusted-proxy \"10.0.0.1/8\" has bits set after the first 8; write \"10.0.0.0/8\"", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProxyProtocol_WithoutTrustedProxy_SaysWhatIsMissing()
    {
        var (code, _, errors) = await CliTests.InvokeAsync("proxy", "8000", "--proxy-protocol");

        Assert.NotEqual(0, code);
        Assert.Contains("--proxy-protocol needs --trusted-proxy", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ServeAndProxy_DescribeTrustedProxy()
    {
        foreach (var verb in new[] { "serve", "proxy" })
        {
            var (code, output, _) = await CliTests.InvokeAsync(verb, "--help");

            Assert.Equal(0, code);
            Assert.Contains("--trusted-proxy", output, StringComparison.Ordinal);
            Assert.Contains("--proxy-protocol", output, StringComparison.Ordinal);
        }
    }
}
