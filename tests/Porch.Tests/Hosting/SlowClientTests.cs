using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.Hosting;

/// <summary>Slowloris defences: a client too slow with its headers or its body is disconnected.</summary>
public sealed class SlowClientTests : IDisposable
{
    private readonly TestSite site = new();

    [Fact]
    public async Task HeaderTimeout_HeadersOneByteASecond_Disconnected()
    {
        var config = new PorchConfig
        {
            Sites = [new SiteConfig { Listen = ["127.0.0.1:0"], Routes = [new RouteConfig { Path = "/", Root = site.Root("one") }] }],
            Limits = new LimitsConfig { HeaderTimeout = "2s" },
        };
        await using var host = await PorchTestHost.StartAsync(config);
        using var prompt = await RawHttpConnection.ConnectAsync(host.Port);
        using var slow = await RawHttpConnection.ConnectAsync(host.Port);
        var clock = Stopwatch.StartNew();

        var sent = await TrickleAsync(slow, Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: 0123456789\r\n\r\n"), TimeSpan.FromSeconds(1));

        Assert.True(sent < 40, $"the server let a client take {sent} s over its headers");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        // A client that sends its head at once is unaffected by the short timeout.
        Assert.Equal("one", (await prompt.GetAsync("/")).Text);
    }

    [Fact]
    public async Task MinBodyRate_BodyTenBytesASecond_Disconnected()
    {
        await using var host = await BodyCountingHost.StartAsync(LimitsTests.UploadConfig(new LimitsConfig { MinBodyRate = 1000 }));
        using var fast = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.Port}") };
        using var slow = await RawHttpConnection.ConnectAsync(host.Port);
        var clock = Stopwatch.StartNew();

        await slow.SendAsync("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n\r\n");
        var received = await TrickleUntilClosedAsync(slow, new byte[5], TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

        Assert.NotNull(received);
        Assert.DoesNotContain("200 OK", received, StringComparison.Ordinal);
        // Kestrel judges the rate only after its 5 s grace period.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30));
        using var response = await fast.PostAsync("/upload", new ByteArrayContent(new byte[100_000]));
        Assert.Equal("100000", await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => site.Dispose();

    /// <summary>Sends one byte per interval until all are sent or the server closes; returns the bytes sent.</summary>
    private static async Task<int> TrickleAsync(RawHttpConnection connection, byte[] bytes, TimeSpan interval)
    {
        var closed = connection.WaitForCloseAsync(TimeSpan.FromSeconds(bytes.Length * interval.TotalSeconds + 10));
        var sent = 0;
        foreach (var b in bytes)
        {
            if (closed.IsCompleted || !await TrySendAsync(connection, [b]))
            {
                break;
            }

            sent++;
            await Task.WhenAny(closed, Task.Delay(interval));
        }

        Assert.NotNull(await closed);
        return sent;
    }

    /// <summary>Sends <paramref name="chunk"/> every interval until the server closes; returns what it answered, null if it never closed.</summary>
    private static async Task<string?> TrickleUntilClosedAsync(RawHttpConnection connection, byte[] chunk, TimeSpan interval, TimeSpan bound)
    {
        var closed = connection.WaitForCloseAsync(bound);
        while (!closed.IsCompleted && await TrySendAsync(connection, chunk))
        {
            await Task.WhenAny(closed, Task.Delay(interval));
        }

        return await closed;
    }

    private static async Task<bool> TrySendAsync(RawHttpConnection connection, byte[] bytes)
    {
        try
        {
            await connection.SendAsync(bytes);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
