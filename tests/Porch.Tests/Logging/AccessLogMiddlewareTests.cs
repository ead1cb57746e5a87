using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Porch.Logging;
using Porch.Tests.Support;

namespace Porch.Tests.Logging;

public class AccessLogMiddlewareTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 11, 2, 20, TimeSpan.FromHours(1));

    [Fact]
    public async Task Invoke_ClientLeftBeforeResponse_LoggedAs499()
    {
        var line = await LogOneAsync(context =>
        {
            context.RequestAborted = new CancellationToken(canceled: true);
            return Task.CompletedTask;
        });

        Assert.Contains("\"GET /x?y=1 HTTP/1.1\" 499 - ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_HandlerThrowsBeforeResponse_LoggedAs500AndRethrown()
    {
        var line = await LogOneAsync(async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }, expectThrow: true);

        Assert.Contains("\" 500 - ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_HandlerThrowsSynchronously_LoggedAs500AndRethrown()
    {
        var line = await LogOneAsync(_ => throw new InvalidOperationException("boom"), expectThrow: true);

        Assert.Contains("\" 500 - ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_BodyThroughStreamPipeAndFile_EveryByteCounted()
    {
        using var dir = new TempDirectory();
        var file = dir.File("thirty.txt");
        await File.WriteAllBytesAsync(file, new byte[30]);

        var line = await LogOneAsync(async context =>
        {
            context.Response.StatusCode = 201;
            await context.Response.Body.WriteAsync(new byte[10]);
            await context.Response.BodyWriter.WriteAsync(new byte[20]);
            context.Response.BodyWriter.GetSpan(5)[..5].Clear();
            context.Response.BodyWriter.Advance(5);
            await context.Response.SendFileAsync(file);
        });

        Assert.Contains("\" 201 65 ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_Head_NoBodyBytesLogged()
    {
        var line = await LogOneAsync(
            context => context.Response.Body.WriteAsync(new byte[10]).AsTask(),
            configure: context => context.Request.Method = HttpMethods.Head);

        Assert.Contains("\"HEAD /x?y=1 HTTP/1.1\" 200 - ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_AuthenticatedUser_NameIsPercentU()
    {
        var line = await LogOneAsync(
            _ => Task.CompletedTask,
            configure: context => context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")], "Basic")));

        Assert.StartsWith("198.51.100.7 - alice [21/Nov/2026:11:02:20 +0100] ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_Done_ServerBodyFeatureIsRestored()
    {
        var output = new SynchronizedStringWriter();
        var writer = AccessLogWriter.Open(new AccessLogSettings(true, null, null, null, 1, false), output, TimeProvider.System);
        var context = NewContext();
        var original = context.Features.Get<IHttpResponseBodyFeature>();
        IHttpResponseBodyFeature? during = null;

        await AccessLogMiddleware.InvokeAsync(context, c =>
        {
            during = c.Features.Get<IHttpResponseBodyFeature>();
            return Task.CompletedTask;
        }, writer, TimeProvider.System);
        await writer.DisposeAsync();

        Assert.IsType<CountingResponseBody>(during);
        Assert.Same(original, context.Features.Get<IHttpResponseBodyFeature>());
    }

    [Fact]
    public async Task Invoke_LogDisabled_HandlerSeesTheServerFeature()
    {
        var writer = AccessLogWriter.Open(new AccessLogSettings(false, null, null, null, 1, false), TextWriter.Null, TimeProvider.System);
        var context = NewContext();
        var original = context.Features.Get<IHttpResponseBodyFeature>();

        await AccessLogMiddleware.InvokeAsync(context, c =>
        {
            Assert.Same(original, c.Features.Get<IHttpResponseBodyFeature>());
            return Task.CompletedTask;
        }, writer, TimeProvider.System);
        await writer.DisposeAsync();
    }

    private static async Task<string> LogOneAsync(RequestDelegate handler, Action<HttpContext>? configure = null, bool expectThrow = false)
    {
        var output = new SynchronizedStringWriter();
        var time = new ManualTimeProvider(At, TimeSpan.FromHours(1));
        var writer = AccessLogWriter.Open(new AccessLogSettings(true, null, null, null, 1, false), output, time);
        var context = NewContext();
        configure?.Invoke(context);

        Task Run() => AccessLogMiddleware.InvokeAsync(context, handler, writer, time);
        if (expectThrow)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(Run);
        }
        else
        {
            await Run();
        }

        await writer.DisposeAsync();
        return Assert.Single(output.Lines());
    }

    private static DefaultHttpContext NewContext()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.Protocol = "HTTP/1.1";
        context.Request.Path = "/x";
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/x?y=1";
        context.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.7");
        context.Response.Body = new MemoryStream();
        return context;
    }
}
