using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Porch.Tests.Forwarding;

/// <summary>
/// A Kestrel app answering <c>text/event-stream</c>: it sends its head and then waits; each release of <c>next</c> (by <see cref="AssertStreamsAsync"/>) lets it
/// write one event, and it ends after the third. What it has not written yet cannot have reached any client.
/// </summary>
internal sealed class EventApp : IAsyncDisposable
{
    private readonly SemaphoreSlim next = new(0);

    private EventApp(Backend backend) => Backend = backend;

    public Backend Backend { get; private set; }

    public static async Task<EventApp> StartAsync()
    {
        var app = new EventApp(null!);
        app.Backend = await Backend.StartAsync(app.HandleAsync);
        return app;
    }

    /// <summary>Sends a GET and returns once the response head is in, with its body stream.</summary>
    public static async Task<(HttpResponseMessage Response, Stream Body)> OpenAsync(HttpClient client, Uri uri, TimeSpan wait)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri) { Version = client.DefaultRequestVersion, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(wait);
        return (response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>
    /// The head arrived while the app waits for its first release (the caller's <see cref="OpenAsync"/>
    /// returned); then each event is read before the app is let to write the next.
    /// </summary>
    public async Task AssertStreamsAsync(HttpResponseMessage response, Stream body, TimeSpan wait)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var received = new StringBuilder();
        var buffer = new byte[1024];
        for (var i = 1; i <= 3; i++)
        {
            next.Release();
            var expected = $"data: event {i}\n\n";
            while (!received.ToString().EndsWith(expected, StringComparison.Ordinal))
            {
                var read = await body.ReadAsync(buffer).AsTask().WaitAsync(wait);
                Assert.True(read > 0, $"the stream ended after \"{received}\"");
                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }

        Assert.Equal(0, await body.ReadAsync(buffer).AsTask().WaitAsync(wait));
    }

    public async ValueTask DisposeAsync()
    {
        next.Release(3);
        await Backend.DisposeAsync();
        next.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.FlushAsync(context.RequestAborted);
        for (var i = 1; i <= 3; i++)
        {
            await next.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync($"data: event {i}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
}
