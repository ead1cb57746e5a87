using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Configuration;
using Porch.Hosting;
using Porch.Tests.Support;

namespace Porch.Tests.Logging;

/// <summary>The access log of a real Porch over real sockets.</summary>
public sealed class AccessLogServerTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 11, 2, 20, TimeSpan.FromHours(1));

    private readonly TempDirectory dir = new();

    public AccessLogServerTests() => File.WriteAllBytes(dir.File("f.txt"), new byte[1024]);

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Get_StaticFile_ExactCombinedLine()
    {
        await using var host = await PorchTestHost.StartAsync(Config(), time: new ManualTimeProvider(At, TimeSpan.FromHours(1)));
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/f.txt?b=1");
        request.Headers.Referrer = new Uri("http://example.test/page");
        request.Headers.TryAddWithoutValidation("User-Agent", "curl/7.88.1");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "127.0.0.1 - - [21/Nov/2026:11:02:20 +0100] \"GET /f.txt?b=1 HTTP/1.1\" 200 1024 \"http://example.test/page\" \"curl/7.88.1\"",
            await host.AccessLog.WaitForLineAsync(l => l.Contains("?b=1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task HeadAndNotFound_BytesAreWhatWasSent()
    {
        await using var host = await PorchTestHost.StartAsync(Config());
        using var client = host.CreateClient();

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/f.txt?head"));
        using var missing = await client.GetAsync("/missing?404");

        var errorPageLength = (await missing.Content.ReadAsByteArrayAsync()).Length;
        Assert.Contains("\"HEAD /f.txt?head HTTP/1.1\" 200 - ", await host.AccessLog.WaitForLineAsync(l => l.Contains("?head", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains($"\"GET /missing?404 HTTP/1.1\" 404 {errorPageLength} ", await host.AccessLog.WaitForLineAsync(l => l.Contains("?404", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawRequest_QuotesAndBackslashesInHeaders_CannotBreakOutOfTheField()
    {
        await using var host = await PorchTestHost.StartAsync(Config());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "GET /f.txt?raw HTTP/1.1\r\nHost: 127.0.0.1\r\nReferer: \"\r\nUser-Agent: a\" 200 1 \"b\\c\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream);
        Assert.StartsWith("HTTP/1.1 200", await reader.ReadLineAsync(), StringComparison.Ordinal);

        var line = await host.AccessLog.WaitForLineAsync(l => l.Contains("?raw", StringComparison.Ordinal));

        Assert.EndsWith(" 200 1024 \"\\x22\" \"a\\x22 200 1 \\x22b\\x5Cc\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_LogDisabled_NoLine()
    {
        var host = await PorchTestHost.StartAsync(Config(new AccessLogConfig { Enabled = false }));
        try
        {
            using var client = host.CreateClient();
            using var response = await client.GetAsync("/f.txt?off");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await host.DisposeAsync();
        }

        Assert.Empty(host.AccessLog.Lines());
    }

    [Fact]
    public async Task Get_ClockPassesTheHour_FileRotatedByTheInjectedClock()
    {
        var log = dir.File("logs/access.log");
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 10, 59, 30, TimeSpan.FromHours(1)), TimeSpan.FromHours(1));
        var host = await PorchTestHost.StartAsync(Config(new AccessLogConfig { Path = log, Every = "hourly" }), time: time);
        try
        {
            using var client = host.CreateClient();
            (await client.GetAsync("/f.txt?n=0")).Dispose();
            time.Advance(TimeSpan.FromMinutes(1));
            (await client.GetAsync("/f.txt?n=1")).Dispose();
        }
        finally
        {
            await host.DisposeAsync();
        }

        Assert.Equal([0], LogFiles.ReadLines(dir.File("logs/access.log.20261121-110030.gz")).Select(TestEntries.NumberOf));
        Assert.Equal([1], LogFiles.ReadLines(log).Select(TestEntries.NumberOf));
    }

    [Fact]
    public async Task ManyConcurrentRequests_TinyMaxSize_EveryLineInExactlyOneFileAndWhole()
    {
        const int Requests = 2000;
        var logs = dir.File("logs");
        var current = Path.Combine(logs, "access.log");
        var host = await PorchTestHost.StartAsync(Config(new AccessLogConfig { Path = current, MaxSize = "4KB", Keep = 1000 }));
        try
        {
            await LoadAsync(host, Requests, onProgress: null);
        }
        finally
        {
            await host.DisposeAsync();
        }

        var files = Directory.GetFiles(logs);
        Assert.True(files.Count(f => f.EndsWith(".gz", StringComparison.Ordinal)) >= 40, $"expected many rotations, got {files.Length} files");
        Assert.All(files, f => Assert.True(f == current || f.EndsWith(".gz", StringComparison.Ordinal), $"unexpected file {f}"));
        Assert.All(files, f => Assert.InRange(LogFiles.ReadLines(f).Sum(l => l.Length + 1), 1, 4096));
        var numbers = LogFiles.ReadAll(logs, current).Select(TestEntries.NumberOf).ToList();
        Assert.Equal(Requests, numbers.Count);
        Assert.Equal(Enumerable.Range(0, Requests), numbers.Order());
    }

    [Fact]
    public async Task ReloadToAnotherFileUnderLoad_EveryLineInOneOfTheTwo()
    {
        const int Requests = 1000;
        var first = dir.File("first.log");
        var second = dir.File("second.log");
        var host = await PorchTestHost.StartAsync(Config(new AccessLogConfig { Path = first }));
        try
        {
            var reloaded = new TaskCompletionSource();
            var load = LoadAsync(host, Requests, onProgress: done =>
            {
                if (done == Requests / 3)
                {
                    reloaded.TrySetResult();
                }
            });
            await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Empty(await host.ReloadAsync(Config(new AccessLogConfig { Path = second })));
            await load;
        }
        finally
        {
            await host.DisposeAsync();
        }

        var numbers = LogFiles.ReadLines(first).Concat(LogFiles.ReadLines(second)).Select(TestEntries.NumberOf).ToList();
        Assert.NotEmpty(LogFiles.ReadLines(second));
        Assert.Equal(Enumerable.Range(0, Requests), numbers.Order());
    }

    [Fact]
    public async Task OutputStalled_RequestsStillComplete()
    {
        using var output = new BlockingTextWriter();
        using var handlers = new HandlerFactory(NullLoggerFactory.Instance);
        var (compiled, errors) = ConfigCompiler.Compile(Config(), dir.Path, handlers);
        Assert.Empty(errors);
        var server = await PorchServer.StartAsync(compiled!, NullLoggerFactory.Instance, output, null, CancellationToken.None);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(server.BoundUrls.First(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))) };
            (await client.GetAsync("/f.txt?n=0")).Dispose();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!output.IsBlocked)
            {
                Assert.True(DateTime.UtcNow < deadline, "the log writer never reached the output");
                await Task.Delay(10);
            }

            // The writer is stuck in a write; these requests can only finish if none of them waits for it.
            var more = Enumerable.Range(1, 20).Select(async n =>
            {
                using var response = await client.GetAsync($"/f.txt?n={n}");
                return response.StatusCode;
            });
            var statuses = await Task.WhenAll(more).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
            Assert.True(output.IsBlocked);
        }
        finally
        {
            output.Release();
            await server.StopAsync();
            await server.DisposeAsync();
        }

        Assert.Equal(Enumerable.Range(0, 21), output.Lines().Select(TestEntries.NumberOf).Order());
    }

    /// <summary>Sends GET /f.txt?n=0..count-1 from 20 concurrent workers; every response must be 200.</summary>
    private static async Task LoadAsync(PorchTestHost host, int count, Action<int>? onProgress)
    {
        using var client = host.CreateClient();
        var next = -1;
        var done = 0;
        var workers = Enumerable.Range(0, 20).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                using var response = await client.GetAsync($"/f.txt?n={n}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                onProgress?.Invoke(Interlocked.Increment(ref done));
            }
        });
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(2));
    }

    private PorchConfig Config(AccessLogConfig? accessLog = null) => new()
    {
        Sites = [new SiteConfig { Listen = ["127.0.0.1:0"], Routes = [new RouteConfig { Path = "/", Root = dir.Path }] }],
        AccessLog = accessLog ?? new AccessLogConfig(),
    };
}
