using System.CommandLine;
using Porch.Cli;
using Porch.Tests.Support;

namespace Porch.Tests.Acme;

/// <summary>--tls acme and its companions on serve and proxy: a wrong combination is refused with the fix.</summary>
public sealed class AcmeCliTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("serve", "--domain NAME", "--tls", "acme")]
    [InlineData("proxy", "--domain NAME", "--tls", "acme")]
    [InlineData("serve", "--http-port redirects", "--http-port", "8081")]
    [InlineData("serve", "--http-port 0 is not a port", "--tls", "acme", "--domain", "www.example.com", "--http-port", "0")]
    [InlineData("serve", "are for --tls acme", "--acme-email", "me@example.com")]
    [InlineData("serve", "is not a public DNS name", "--tls", "acme", "--domain", "localhost")]
    public async Task AcmeFlagsThatDoNotFit_OneClearError(string verb, string message, params string[] flags)
    {
        string[] target = verb == "serve" ? [dir.Path] : ["http://127.0.0.1:9"];
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await PorchCli.Create(stdout, stderr).Parse([verb, .. target, "--state", dir.File("state"), "--port", "0", .. flags])
            .InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });

        Assert.NotEqual(0, code);
        Assert.Contains(message, stderr.ToString(), StringComparison.Ordinal);
    }
}
