using System.Net;
using System.Security.Cryptography;
using Porch.Tests.Support;
using Xunit.Abstractions;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>
/// Bulk transfers through relay and share as real processes, with their memory measured by the kernel (VmHWM/VmRSS).
/// The bound on growth, 64 MiB, is well under the 100 MiB moved: a side that buffered a whole body (or even most of
/// it) fails, while what streaming legitimately holds fits many times over: HTTP/2 windows (the relay's Kestrel
/// allows 1 MiB per stream and connection by default), socket buffers of a few MiB and the GC's young generation.
/// </summary>
public class TunnelBulkTests(ITestOutputHelper output)
{
    private const int Mib = 1024 * 1024;
    private const int TransferMib = 100;
    private const long GrowthBound = 64L * Mib;

    [SkippableFact]
    public Task Download100Mib_HashMatches_AndNeitherSideGrows() =>
        TransferWithBoundedMemoryAsync("files", "down", HttpVersion.Version20, DownloadAsync);

    [SkippableFact]
    public Task Upload100Mib_HashMatches_AndNeitherSideGrows() =>
        TransferWithBoundedMemoryAsync("inbox", "up", HttpVersion.Version11, UploadAsync);

    /// <summary>
    /// A visitor that stops reading a huge response: HTTP/2 flow control and socket buffers stop the app's writes, so
    /// the bytes in flight and both processes' memory stay bounded while it is stalled; then it reads on.
    /// </summary>
    [SkippableFact]
    public async Task StalledReader_StopsTheAppWithinBoundedMemory_ThenResumes()
    {
        var bulk = new TunnelBulkApp();
        await using var app = await bulk.StartAsync();
        await using var relay = await TunnelRelay.StartAsync();
        var (share, _) = await TunnelShare.StartOnlineAsync(relay, app.Port, "stream", await relay.AddTokenAsync("alice"));
        using var _ = share;
        using var client = TunnelClients.Client(relay, HttpVersion.Version11, TimeSpan.FromSeconds(120));
        var before = (Relay: TunnelMemory.Resident(relay.Process.Id), Share: TunnelMemory.Resident(share.Process.Id));

        using var response = await client.GetAsync(relay.TunnelUri("stream") + "endless", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        long read = await ReadAsync(body, 4L * Mib);

        // Stalled: the app's writes must come to a stop (no growth over a second), within a bounded wait.
        var stalled = await Poll.UntilAsync(async () =>
        {
            var written = bulk.EndlessWritten;
            await Task.Delay(1000);
            return bulk.EndlessWritten == written;
        }, TimeSpan.FromSeconds(20));
        var inFlight = bulk.EndlessWritten - read;
        var during = (Relay: TunnelMemory.Resident(relay.Process.Id), Share: TunnelMemory.Resident(share.Process.Id));
        output.WriteLine($"stalled after the app wrote {bulk.EndlessWritten / Mib} MiB, {inFlight / Mib} MiB in flight; relay RSS {before.Relay / Mib} → {during.Relay / Mib} MiB, share {before.Share / Mib} → {during.Share / Mib} MiB");
        Assert.True(stalled, $"the app kept writing while the visitor read nothing: {bulk.EndlessWritten / Mib} MiB");
        Assert.True(inFlight < GrowthBound, $"{inFlight / Mib} MiB in flight between the app and a stalled visitor");
        Assert.True(during.Relay - before.Relay < GrowthBound, $"relay RSS grew {(during.Relay - before.Relay) / Mib} MiB while stalled");
        Assert.True(during.Share - before.Share < GrowthBound, $"share RSS grew {(during.Share - before.Share) / Mib} MiB while stalled");

        // Resumed: the same response flows again, well past what was in flight.
        read += await ReadAsync(body, inFlight + 16L * Mib);
        Assert.True(bulk.EndlessWritten >= read, "the visitor read more than the app wrote");
    }

    /// <summary>
    /// Shares the bulk app as <paramref name="name"/>, warms both processes up with a 4 MiB transfer, then moves
    /// 100 MiB and checks how much their peak resident memory grew.
    /// </summary>
    private async Task TransferWithBoundedMemoryAsync(
        string name, string direction, Version version, Func<HttpClient, TunnelRelay, TunnelBulkApp, int, Task> transfer)
    {
        var bulk = new TunnelBulkApp();
        await using var app = await bulk.StartAsync();
        await using var relay = await TunnelRelay.StartAsync();
        var (share, _) = await TunnelShare.StartOnlineAsync(relay, app.Port, name, await relay.AddTokenAsync("alice"));
        using var _ = share;
        using var client = TunnelClients.Client(relay, version, TimeSpan.FromSeconds(120));
        await transfer(client, relay, bulk, 4);
        var before = Peaks(relay, share);

        var started = DateTime.UtcNow;
        await transfer(client, relay, bulk, TransferMib);
        var seconds = (DateTime.UtcNow - started).TotalSeconds;

        var after = Peaks(relay, share);
        output.WriteLine($"100 MiB {direction} in {seconds:0.0} s ({TransferMib / seconds:0} MiB/s); relay VmHWM {before.Relay / Mib} → {after.Relay / Mib} MiB, share {before.Share / Mib} → {after.Share / Mib} MiB");
        Assert.True(after.Relay - before.Relay < GrowthBound, $"relay peak RSS grew {(after.Relay - before.Relay) / Mib} MiB");
        Assert.True(after.Share - before.Share < GrowthBound, $"share peak RSS grew {(after.Share - before.Share) / Mib} MiB");
    }

    private static async Task DownloadAsync(HttpClient client, TunnelRelay relay, TunnelBulkApp bulk, int mib)
    {
        using var response = await client.GetAsync(relay.TunnelUri("files") + $"download?mib={mib}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var hash = await SHA256.HashDataAsync(body);
        Assert.Equal(Convert.ToHexStringLower(bulk.ExpectedHash(mib)), Convert.ToHexStringLower(hash));
    }

    private static async Task UploadAsync(HttpClient client, TunnelRelay relay, TunnelBulkApp bulk, int mib)
    {
        using var response = await client.PostAsync(relay.TunnelUri("inbox") + "upload", bulk.UploadContent(mib));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK && text == Convert.ToHexStringLower(bulk.ExpectedHash(mib)), $"{response}\n{text}");
    }

    private static async Task<long> ReadAsync(Stream body, long count)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (total < count)
        {
            var n = await body.ReadAsync(buffer, timeout.Token);
            Assert.True(n > 0, $"the response ended after {total} bytes");
            total += n;
        }

        return total;
    }

    private static (long Relay, long Share) Peaks(TunnelRelay relay, TunnelShare share) =>
        (TunnelMemory.PeakResident(relay.Process.Id), TunnelMemory.PeakResident(share.Process.Id));
}
