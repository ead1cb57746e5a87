using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Porch.Cli;
using Porch.Tests.Support;

namespace Porch.Tests.Coffee;

public partial class CoffeeCommandTests
{
    [Fact]
    public async Task Https_WebFrontEnd_ServedWithALeafFromTheLocalCa()
    {
        using var state = new TempDirectory();
        using var stderr = new SynchronizedStringWriter();
        using var stop = new CancellationTokenSource();
        var run = PorchCli.Create(TextWriter.Null, stderr).Parse(["coffee", "--https", "--pot-port", "0", "--web-port", "0", "--state", state.Path])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = stderr }, stop.Token);

        var url = (await stderr.WaitForLineAsync(l => l.TrimStart().StartsWith("https://localhost:", StringComparison.Ordinal), TimeSpan.FromSeconds(20))).Trim().Split(' ')[0];
        await stderr.WaitForLineAsync(l => l.Contains("porch ca trust", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        var root = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(state.Path, "ca", "root.crt")));
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new System.Security.Cryptography.X509Certificates.X509ChainPolicy
        {
            TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust,
            RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(root);
        using var client = new HttpClient(handler);

        var response = await client.GetAsync(new Uri(url));
        await stop.CancelAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [InlineData("coffee", "--brew-seconds", "0")]
    [InlineData("coffee", "pot", "--pot-port", "70000")]
    [InlineData("coffee", "web", "--pot", "nowhere")]
    public async Task BadOptions_Refused(params string[] args)
    {
        var (exit, _) = await RunAsync(args);

        Assert.NotEqual(0, exit);
    }

    [Fact]
    public async Task Pot_StartsOnTheAskedPort_AnswersAndStopsOnCancel()
    {
        using var stderr = new SynchronizedStringWriter();
        using var stop = new CancellationTokenSource();
        var run = PorchCli.Create(TextWriter.Null, stderr).Parse(["coffee", "pot", "--pot-port", "0", "--brew-seconds", "2"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = stderr }, stop.Token);

        var banner = await stderr.WaitForLineAsync(l => l.StartsWith("HTCPCP pot on TCP", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        var port = int.Parse(BoundPort().Match(banner).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var reply = await RawHtcpcpClient.ExchangeAsync(port, "BREW coffee://ducky HTTP/1.1\r\nContent-Type: message/coffeepot\r\n\r\nstart");
        await stop.CancelAsync();

        Assert.Contains("ready at", reply.Body, StringComparison.Ordinal);
        Assert.Contains("(2 s)", reply.Body, StringComparison.Ordinal);
        Assert.Contains("coffee brews in 2 s", banner, StringComparison.Ordinal);
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        await Assert.ThrowsAnyAsync<SocketException>(() => new TcpClient().ConnectAsync(IPAddress.Loopback, port));
    }

    private static async Task<(int Exit, string Stderr)> RunAsync(params string[] args)
    {
        var stderr = new StringBuilder();
        await using var writer = new StringWriter(stderr);
        var exit = await PorchCli.Create(TextWriter.Null, writer).Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = writer }, CancellationToken.None);
        return (exit, stderr.ToString());
    }

    [GeneratedRegex(@"127\.0\.0\.1:(\d+)")]
    private static partial Regex BoundPort();
}
