using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.Forwarding;

/// <summary>
/// Upstream connections are pooled and reused: a naive proxy returns its upstream connection to the pool only after
/// the client has its answer, so the client's next request finds none free and opens another.
/// </summary>
public class ForwarderConnectionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SequentialRequests_OneClientConnection_UseOneUpstreamConnection(bool chunked)
    {
        var upstreamConnections = new ConcurrentDictionary<string, int>();
        await using var backend = await StartCountingBackendAsync(upstreamConnections, chunked);
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });
        using var client = host.CreateClient();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("pong", await client.GetStringAsync($"/ping/{i}"));
        }

        Assert.Single(upstreamConnections);
    }

    [Fact]
    public async Task ConcurrentClients_NeverOpenMoreUpstreamConnectionsThanClients()
    {
        const int clients = 8;
        var upstreamConnections = new ConcurrentDictionary<string, int>();
        await using var backend = await StartCountingBackendAsync(upstreamConnections, chunked: false);
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });

        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = host.BaseAddress };
            for (var i = 0; i < 25; i++)
            {
                Assert.Equal("pong", await client.GetStringAsync($"/ping/{c}/{i}"));
            }
        }));

        Assert.InRange(upstreamConnections.Count, 1, clients);
    }

    private static Task<Backend> StartCountingBackendAsync(ConcurrentDictionary<string, int> connections, bool chunked) =>
        Backend.StartAsync(async context =>
        {
            connections.AddOrUpdate(context.Connection.Id, 1, (_, n) => n + 1);
            if (!chunked)
            {
                context.Response.ContentLength = 4;
            }

            await context.Response.WriteAsync("pong");
        });
}
