using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Porch.Tests.Support;

namespace Porch.Tests.Hosting;

/// <summary>The real executable: SIGTERM drains in-flight requests; start-up failures are explained.</summary>
public sealed class GracefulShutdownTests : IDisposable
{
    private const int FileSize = 24 << 20;
    private const double ReadRate = 6 << 20;
    private readonly TestSite site = new();

    [Fact]
    public async Task Sigterm_SlowDownloadInFlight_CompletesRefusesNewAndExitsZero()
    {
        var root = site.Root("files");
        var content = RandomNumberGenerator.GetBytes(FileSize);
        await File.WriteAllBytesAsync(Path.Combine(root, "big.bin"), content);
        var file = Path.Combine(site.Path, "porch.json");
        await File.WriteAllTextAsync(file, """
            {
              "sites": [ { "listen": ["127.0.0.1:0"], "routes": [ { "path": "/", "root": "./files" } ] } ],
              "limits": { "shutdownTimeout": "30s" }
            }
            """);
        using var porch = PorchProcess.Start(site.Path, "run", "--config", file);
        var port = await porch.WaitForPortAsync();
        using var slow = await RawHttpConnection.ConnectAsync(port);

        // About four seconds of reading at this rate: the response is still being written when SIGTERM arrives.
        await slow.SendAsync("GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var download = slow.ReadResponseAsync(bodyBytesPerSecond: ReadRate, timeout: TimeSpan.FromSeconds(60));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(slow.BodyBytesRead > 1 << 20), TimeSpan.FromSeconds(30)));
        var clock = Stopwatch.StartNew();
        porch.Terminate();

        Assert.True(await Poll.UntilAsync(() => FreePort.RefusesAsync(port), TimeSpan.FromSeconds(10)), "new connections were still accepted");
        Assert.False(download.IsCompleted, "the download ended before new connections were refused; the test proves nothing");
        var response = await download;
        Assert.Equal(200, response.Status);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(response.Body));
        Assert.Equal(0, await porch.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(40));
        Assert.Contains(porch.Stderr.Lines(), l => l.Contains("Stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_PortAlreadyInUse_ExitCode1AndSaysSo()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;

        using var porch = PorchProcess.Start(site.Path, "serve", site.Path, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, await porch.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(porch.Stderr.Lines(), l => l.Contains($":{port}", StringComparison.Ordinal) && l.Contains("in use", StringComparison.Ordinal));
        Assert.Contains(porch.Stderr.Lines(), l => l.Contains("Another program is using that port", StringComparison.Ordinal));
    }

    public void Dispose() => site.Dispose();
}
