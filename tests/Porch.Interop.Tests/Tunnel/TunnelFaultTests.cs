using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Porch.Tests.Support;
using Xunit.Abstractions;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>The faults of the tunnel issue, each through the real `porch relay` and `porch share` processes.</summary>
public class TunnelFaultTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task RelayKilledAndRestarted_TheTunnelServesAgainWithinFiveSeconds()
    {
        await using var app = await TextApp("up");
        await using var relay = await TunnelRelay.StartAsync();
        var (share, _) = await TunnelShare.StartOnlineAsync(relay, app.Port, "phoenix", await relay.AddTokenAsync("alice"));
        using var _ = share;
        Assert.Equal("up", await GetTextAsync(relay, "phoenix"));

        relay.Kill();
        await share.Process.Stderr.WaitForLineAsync(
            l => l.StartsWith("porch share: ", StringComparison.Ordinal) && l.Contains("reconnecting", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var processStarted = Stopwatch.StartNew();
        await relay.RestartAsync();
        var listening = Stopwatch.StartNew();
        var served = await Poll.UntilAsync(async () => await TryGetTextAsync(relay, "phoenix") == "up", TimeSpan.FromSeconds(20));
        var sinceListening = listening.Elapsed;

        output.WriteLine($"served again {sinceListening.TotalSeconds:0.00} s after the restarted relay listened ({processStarted.Elapsed.TotalSeconds:0.00} s after its process started)");
        Assert.True(served, "the tunnel did not serve again after the relay restarted:\n" + share.StderrText);
        Assert.True(sinceListening < TimeSpan.FromSeconds(5), $"served again only after {sinceListening.TotalSeconds:0.00} s");
        Assert.Equal(2, share.OnlineCount);
    }

    [SkippableFact]
    public async Task AppDown_Answers502SayingTheAppBehindTheTunnelIsNotAnswering()
    {
        var nobody = FreePort.Allocate();
        await using var relay = await TunnelRelay.StartAsync();
        var (share, _) = await TunnelShare.StartOnlineAsync(relay, nobody, "gone", await relay.AddTokenAsync("alice"));
        using var _ = share;
        using var client = TunnelClients.Client(relay);

        using var response = await client.GetAsync(relay.TunnelUri("gone"));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("not answering", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("tunnel gone", page, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{nobody}", page, StringComparison.Ordinal);
        Assert.Null(await share.Process.WaitForExitAsync(TimeSpan.FromMilliseconds(500)));
    }

    [SkippableFact]
    public async Task TokenRevokedMidRequest_CutsTheRequest_RefusesNewOnes_AndTheShareStops()
    {
        var started = new TaskCompletionSource();
        await using var app = await TunnelApp.StartAsync(web => web.MapGet("/slow", async (HttpContext context) =>
        {
            // 60 chunks over 30 s with a Content-Length, so a response cut short cannot pass for a whole one.
            context.Response.ContentLength = 60 * 1024;
            for (var i = 0; i < 60; i++)
            {
                await context.Response.Body.WriteAsync(new byte[1024], context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                started.TrySetResult();
                await Task.Delay(500, context.RequestAborted);
            }
        }));
        await using var relay = await TunnelRelay.StartAsync();
        var (share, _) = await TunnelShare.StartOnlineAsync(relay, app.Port, "doomed", await relay.AddTokenAsync("alice"));
        using var _ = share;
        using var client = TunnelClients.Client(relay);
        using var response = await client.GetAsync(relay.TunnelUri("doomed") + "slow", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var command = Stopwatch.StartNew();
        var (exit, _, error) = await relay.RunCliAsync("relay", "token", "revoke", "alice");
        Assert.True(exit == 0, error);
        var commandTook = command.Elapsed;
        var cut = Stopwatch.StartNew();
        var drained = await Record.ExceptionAsync(async () => await body.CopyToAsync(Stream.Null).WaitAsync(TimeSpan.FromSeconds(20)));

        output.WriteLine($"in-flight request cut {cut.Elapsed.TotalSeconds:0.00} s after the revoke command returned (it ran {commandTook.TotalSeconds:0.00} s): {drained?.GetType().Name}");
        Assert.True(drained is IOException or HttpRequestException, $"the in-flight response was not cut: {drained}");
        Assert.True(cut.Elapsed < TimeSpan.FromSeconds(10), $"cut only after {cut.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(1, await share.Process.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains(share.Process.Stderr.Lines(), l => l.StartsWith("porch share: ", StringComparison.Ordinal) && l.Contains("revoked", StringComparison.Ordinal));
        Assert.True(await IsRefusedAsync(relay, "doomed"), "a request for the revoked tunnel's name was not refused");
    }

    [SkippableFact]
    public async Task SameNameOtherToken_TheSecondShareGetsNameTakenAndExits_TheFirstServesOn()
    {
        await using var first = await TextApp("first");
        await using var second = await TextApp("second");
        await using var relay = await TunnelRelay.StartAsync();
        var (owner, _) = await TunnelShare.StartOnlineAsync(relay, first.Port, "shop", await relay.AddTokenAsync("alice"));
        using var _ = owner;

        using var intruder = TunnelShare.Start(relay, second.Port, "shop", await relay.AddTokenAsync("mallory"));
        var exit = await intruder.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(exit == 1, $"exit {exit}:\n{intruder.StderrText}");
        Assert.Contains(intruder.Process.Stderr.Lines(), l => l.StartsWith("porch share: ", StringComparison.Ordinal) && l.Contains("taken", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, intruder.OnlineCount);
        Assert.Equal("first", await GetTextAsync(relay, "shop"));
        Assert.Null(await owner.Process.WaitForExitAsync(TimeSpan.FromMilliseconds(200)));
    }

    [SkippableFact]
    public async Task SameNameSameToken_TheNewerShareTakesOver_TheOlderStops()
    {
        await using var first = await TextApp("laptop");
        await using var second = await TextApp("desktop");
        await using var relay = await TunnelRelay.StartAsync();
        var token = await relay.AddTokenAsync("alice");
        var (older, _) = await TunnelShare.StartOnlineAsync(relay, first.Port, "home", token);
        using var _ = older;
        Assert.Equal("laptop", await GetTextAsync(relay, "home"));

        var (newer, _) = await TunnelShare.StartOnlineAsync(relay, second.Port, "home", token);
        using var __ = newer;
        var olderExit = await older.Process.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.True(olderExit == 1, $"older share exit {olderExit}:\n{older.StderrText}");
        Assert.Contains(older.Process.Stderr.Lines(), l => l.StartsWith("porch share: ", StringComparison.Ordinal) && l.Contains("took over home", StringComparison.Ordinal));
        Assert.Equal(1, older.OnlineCount);
        Assert.Equal("desktop", await GetTextAsync(relay, "home"));
        Assert.Null(await newer.Process.WaitForExitAsync(TimeSpan.FromMilliseconds(200)));
    }

    private static Task<TunnelApp> TextApp(string text) => TunnelApp.StartAsync(web => web.MapGet("/", () => text));

    private static async Task<string> GetTextAsync(TunnelRelay relay, string name)
    {
        using var client = TunnelClients.Client(relay, timeout: TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync(relay.TunnelUri(name));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>
    /// Whether a new request for <paramref name="name"/> is refused: 404 (no such tunnel), or no TLS handshake at all,
    /// since the relay holds certificates only for the names of live tunnels.
    /// </summary>
    private static async Task<bool> IsRefusedAsync(TunnelRelay relay, string name)
    {
        using var client = TunnelClients.Client(relay, timeout: TimeSpan.FromSeconds(30));
        try
        {
            using var response = await client.GetAsync(relay.TunnelUri(name));
            return response.StatusCode == HttpStatusCode.NotFound;
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            return true;
        }
    }

    private static async Task<string?> TryGetTextAsync(TunnelRelay relay, string name)
    {
        using var client = TunnelClients.Client(relay, timeout: TimeSpan.FromSeconds(2));
        try
        {
            using var response = await client.GetAsync(relay.TunnelUri(name));
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
