using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Porch.Tests.Support;
using Xunit.Abstractions;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>Many public connections through one tunnel at once.</summary>
public class TunnelLoadTests(ITestOutputHelper output)
{
    private const int Concurrent = 1000;

    /// <summary>
    /// The app holds every request until all 1,000 are inside it at the same time (or a bound passes), so each one
    /// really is a stream open through the tunnel concurrently with the 999 others.
    /// </summary>
    [SkippableFact]
    public async Task ThousandConcurrentRequests_AllHeldOpenAtOnceThroughOneTunnel_AllSucceed()
    {
        var inside = 0;
        var peak = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await TunnelApp.StartAsync(web => web.MapGet("/hold", async () =>
        {
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref peak, now);
            if (now == Concurrent)
            {
                all.TrySetResult();
            }

            await Task.WhenAny(all.Task, Task.Delay(TimeSpan.FromSeconds(60)));
            Interlocked.Decrement(ref inside);
            return "held";
        }));
        await using var relay = await TunnelRelay.StartAsync();
        var (share, _) = await TunnelShare.StartOnlineAsync(relay, app.Port, "busy", await relay.AddTokenAsync("alice"));
        using var _ = share;
        var handler = TunnelClients.Handler(relay);
        handler.EnableMultipleHttp2Connections = true;
        using var client = new HttpClient(handler)
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(90),
        };

        var elapsed = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(async i =>
        {
            using var response = await client.GetAsync(relay.TunnelUri("busy") + $"hold?i={i}");
            return (response.StatusCode, Text: await response.Content.ReadAsStringAsync());
        }));

        output.WriteLine($"{Concurrent} concurrent requests through one tunnel in {elapsed.Elapsed.TotalSeconds:0.0} s, peak {peak} inside the app at once");
        Assert.All(results, r => Assert.Equal((HttpStatusCode.OK, "held"), r));
        Assert.Equal(Concurrent, peak);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(60), $"took {elapsed.Elapsed.TotalSeconds:0} s");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
