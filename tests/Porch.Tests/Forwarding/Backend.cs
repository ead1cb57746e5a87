using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Porch.Tests.Forwarding;

/// <summary>
/// The app behind the proxy in these tests: a real Kestrel on 127.0.0.1:0 running the given handler, over HTTP/1.1
/// or, for h2c upstream tests, HTTP/2 by prior knowledge.
/// </summary>
internal sealed class Backend : IAsyncDisposable
{
    private readonly WebApplication app;

    private Backend(WebApplication app, int port)
    {
        this.app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The upstream as a route names it: <c>http://127.0.0.1:PORT</c> (or <c>h2c://</c>).</summary>
    public string Upstream(string scheme = "http") => $"{scheme}://127.0.0.1:{Port}";

    public static async Task<Backend> StartAsync(
        RequestDelegate handler, HttpProtocols protocols = HttpProtocols.Http1, Action<WebApplication>? middleware = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = null;
            o.Listen(IPAddress.Loopback, 0, l => l.Protocols = protocols);
        });
        var app = builder.Build();
        middleware?.Invoke(app);
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Backend(app, new Uri(address).Port);
    }

    /// <summary>Answers with JSON describing exactly what arrived: method, raw target, protocol, headers, body length.</summary>
    public static Task<Backend> StartEchoAsync(HttpProtocols protocols = HttpProtocols.Http1) => StartAsync(EchoAsync, protocols);

    public static async Task EchoAsync(HttpContext context)
    {
        long length = 0;
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
        {
            length += read;
        }

        var echo = new EchoedRequest(
            context.Request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            context.Request.Protocol,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase),
            length);
        var json = JsonSerializer.SerializeToUtf8Bytes(echo);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
