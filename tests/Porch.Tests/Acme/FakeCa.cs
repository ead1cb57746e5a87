using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Porch.Tests.Acme;

/// <summary>
/// A tiny HTTP server on 127.0.0.1:0 that plays a CA badly: every request goes to the test's handler, which answers
/// whatever the fault needs (junk, a rate limit, a problem document).
/// </summary>
internal sealed class FakeCa : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeCa(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public Uri DirectoryUrl => new(BaseAddress, "/dir");

    public static async Task<FakeCa> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeCa(app, new Uri(url));
    }

    /// <summary>A handler that plays a correct directory and nonce source, and hands every POST to <paramref name="post"/>.</summary>
    public static RequestDelegate Acme(RequestDelegate post) => async context =>
    {
        var self = $"{context.Request.Scheme}://{context.Request.Host}";
        context.Response.Headers["Replay-Nonce"] = Guid.NewGuid().ToString("N");
        switch (context.Request.Method, context.Request.Path.Value)
        {
            case ("GET", "/dir"):
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($$"""{"newNonce":"{{self}}/nonce","newAccount":"{{self}}/acct","newOrder":"{{self}}/order"}""");
                break;
            case ("HEAD", "/nonce"):
                break;
            default:
                await post(context);
                break;
        }
    };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
