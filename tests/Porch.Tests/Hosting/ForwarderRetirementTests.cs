using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Configuration;
using Porch.Hosting;
using Porch.Tests.Support;

namespace Porch.Tests.Hosting;

/// <summary>A reload that drops an upstream closes that upstream's pooled connections once in-flight requests had their time.</summary>
public sealed class ForwarderRetirementTests : IDisposable
{
    private readonly TempDirectory folder = new("porch-retire-");

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Reload_UpstreamRemoved_ItsPooledConnectionIsClosedAfterTheGrace()
    {
        using var oldApp = new TcpListener(IPAddress.Loopback, 0);
        oldApp.Start();
        var closedByPorch = ServeOneKeepAliveRequestAsync(oldApp);
        using var newApp = new TcpListener(IPAddress.Loopback, 0);
        newApp.Start();
        var file = Path.Combine(folder.Path, "porch.json");
        await WriteConfigAsync(file, ((IPEndPoint)oldApp.LocalEndpoint).Port);
        var (config, _) = ConfigReader.ReadFile(file);
        await using var host = await PorchTestHost.StartAsync(config!, folder.Path);
        using var client = host.CreateClient();
        Assert.Equal("old", await client.GetStringAsync("/"));
        Assert.False(closedByPorch.IsCompleted, "the upstream connection should stay pooled while its route exists");

        await WriteConfigAsync(file, ((IPEndPoint)newApp.LocalEndpoint).Port);
        var reloader = new ConfigReloader(host.Server, file, folder.Path, host.Handlers, NullLogger.Instance);
        Assert.Empty(await reloader.ReloadAsync());

        await closedByPorch.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(1, host.Handlers.ForwarderCount);
    }

    private static Task WriteConfigAsync(string file, int upstreamPort) => File.WriteAllTextAsync(file, $$"""
        {
          "sites": [ { "listen": ["127.0.0.1:0"], "routes": [ { "path": "/", "upstream": "127.0.0.1:{{upstreamPort}}" } ] } ],
          "limits": { "shutdownTimeout": "1s" }
        }
        """);

    /// <summary>Answers one request on a kept-alive connection, then completes when Porch closes that connection.</summary>
    private static async Task ServeOneKeepAliveRequestAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        var buffer = new byte[4096];
        var head = new StringBuilder();
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer);
            Assert.NotEqual(0, read);
            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nold"));
        while (await socket.ReceiveAsync(buffer) > 0)
        {
        }
    }
}
