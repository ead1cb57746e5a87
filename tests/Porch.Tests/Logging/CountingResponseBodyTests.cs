using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Porch.Logging;
using Porch.Tests.Support;

namespace Porch.Tests.Logging;

public class CountingResponseBodyTests
{
    [Fact]
    public async Task Requests_OnOneKestrelConnection_ReuseOneCounterAndCountEachAlone()
    {
        var seen = new ConcurrentQueue<IHttpResponseBodyFeature>();
        var output = new SynchronizedStringWriter();
        var writer = AccessLogWriter.Open(new AccessLogSettings(true, null, null, null, 1, false), output, TimeProvider.System);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.Run(context => AccessLogMiddleware.InvokeAsync(context, async c =>
        {
            seen.Enqueue(c.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
            await c.Response.WriteAsync(c.Request.Query["text"]!);
        }, writer, TimeProvider.System));
        await app.StartAsync();
        var url = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = new Uri(url) };

        foreach (var text in new[] { "a", "bbbb", "cc" })
        {
            using var response = await client.GetAsync($"/?text={text}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await app.StopAsync();
        await writer.DisposeAsync();

        Assert.Equal(3, seen.Count);
        Assert.Single(seen.Distinct());
        Assert.IsType<CountingResponseBody>(seen.First());
        Assert.Equal(["200 1 ", "200 4 ", "200 2 "], output.Lines().Select(l => l.Split("\" ")[1][..6]));
    }
}
