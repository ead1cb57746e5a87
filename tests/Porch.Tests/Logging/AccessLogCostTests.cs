using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Porch.Logging;
using Porch.Tests.Support;
using Xunit.Abstractions;

namespace Porch.Tests.Logging;

public class AccessLogCostTests(ITestOutputHelper output)
{
    private const int Requests = 20_000;

    [Fact]
    public async Task Invoke_SynchronousHandler_RequestPathAllocatesNothing()
    {
        using var sink = new BlockingTextWriter();
        var writer = AccessLogWriter.Open(new AccessLogSettings(true, null, null, null, 1, false), sink, TimeProvider.System);
        var context = NewContext();
        var payload = new byte[100];
        RequestDelegate handler = c =>
        {
            c.Response.Body.Write(payload);
            return Task.CompletedTask;
        };

        // A first round against a stalled output grows the queue's storage to a full round, so the measured round,
        // whatever the writer's pace, finds room and shows only what the request path itself allocates.
        RunRequests(context, handler, writer);
        sink.Release();
        await WaitForLinesAsync(sink, Requests);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RunRequests(context, handler, writer);
        var perRequest = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Requests;
        await writer.DisposeAsync();

        output.WriteLine($"{perRequest:F3} bytes allocated per request on the request path");
        Assert.True(perRequest < 1, $"{perRequest:F3} bytes per request");
        Assert.Equal(2 * Requests, sink.Lines().Length);
    }

    [Fact]
    public async Task Writer_BurstWithinTheQueueBudget_EveryLineWritten()
    {
        using var dir = new TempDirectory();
        var path = dir.File("access.log");
        using var logs = new CapturingLoggerProvider();
        var logger = logs.CreateLogger("Porch.AccessLog");
        var writer = AccessLogWriter.Open(new AccessLogSettings(true, path, null, null, 2, false), TextWriter.Null, TimeProvider.System, logger);
        var entry = TestEntries.Numbered(1, DateTimeOffset.UtcNow) with
        {
            Referer = "https://example.test/page",
            UserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        };

        for (var i = 0; i < 40_000; i++)
        {
            writer.Write(entry);
        }

        await writer.DisposeAsync();

        Assert.Empty(logs.Entries);
        Assert.Equal(40_000, LogFiles.ReadLines(path).Length);
    }

    private static void RunRequests(HttpContext context, RequestDelegate handler, AccessLogWriter writer)
    {
        for (var i = 0; i < Requests; i++)
        {
            _ = AccessLogMiddleware.InvokeAsync(context, handler, writer, TimeProvider.System);
        }
    }

    private static async Task WaitForLinesAsync(BlockingTextWriter sink, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (sink.Lines().Length < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "the writer did not catch up");
            await Task.Delay(20);
        }
    }

    private static DefaultHttpContext NewContext()
    {
        var context = new DefaultHttpContext();
        // Kestrel offers this per connection; it is what lets the byte counter be reused.
        context.Features.Set<IPersistentStateFeature>(new PersistentState());
        context.Request.Method = HttpMethods.Get;
        context.Request.Protocol = "HTTP/1.1";
        context.Request.Headers.UserAgent = "test/1.0";
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/f.txt?n=1";
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Response.Body = Stream.Null;
        return context;
    }

    private sealed class PersistentState : IPersistentStateFeature
    {
        public IDictionary<object, object?> State { get; } = new Dictionary<object, object?>();
    }
}
