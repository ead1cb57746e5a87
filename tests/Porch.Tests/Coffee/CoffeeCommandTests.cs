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
    public async Task Https_LocalCaNotBuilt_RefusesWithClearMessage()
    {
        var (exit, stderr) = await RunAsync("coffee", "--https");

        Assert.Equal(2, exit);
        Assert.Contains("--https needs the local CA (not built yet)", stderr, StringComparison.Ordinal);
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
