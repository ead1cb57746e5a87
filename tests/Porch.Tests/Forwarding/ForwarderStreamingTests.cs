using Microsoft.AspNetCore.Http;
using Porch.Configuration;
using Porch.Tests.Support;
using Xunit.Abstractions;

namespace Porch.Tests.Forwarding;

/// <summary>
/// Gigabyte transfers through the proxy with the memory they may use bounded far below their size. Run alone: the
/// working set is the whole test process's, and other tests running meanwhile would blur it.
/// </summary>
[Collection(nameof(ForwarderStreamingTests))]
[CollectionDefinition(nameof(ForwarderStreamingTests), DisableParallelization = true)]
public class ForwarderStreamingTests(ITestOutputHelper output)
{
    private const long OneGiB = 1L << 30;
    private const long MemoryBudget = 200L << 20;

    [Fact]
    public async Task Upload_OneGiB_StreamsThroughWithBoundedMemory()
    {
        await using var backend = await Backend.StartAsync(async context =>
        {
            var received = await Pattern.ReadAndVerifyAsync(context.Request.Body);
            await context.Response.WriteAsync(received.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream(), MaxBodySize = "unlimited" });
        using var client = host.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(3);

        string answer;
        long growth;
        await using (var watch = MemoryWatch.Start())
        {
            using var response = await client.PostAsync("/upload", new Pattern.Content(OneGiB));
            answer = await response.Content.ReadAsStringAsync();
            growth = watch.PeakGrowth;
        }

        output.WriteLine($"upload: working set peak growth {growth >> 20} MiB");
        Assert.Equal(OneGiB.ToString(System.Globalization.CultureInfo.InvariantCulture), answer);
        Assert.True(growth < MemoryBudget, $"working set grew by {growth >> 20} MiB moving 1 GiB");
    }

    [Fact]
    public async Task Download_OneGiB_StreamsThroughWithBoundedMemory()
    {
        await using var backend = await Backend.StartAsync(context =>
        {
            context.Response.ContentLength = OneGiB;
            return Pattern.WriteAsync(context.Response.Body, OneGiB, context.RequestAborted);
        });
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });
        using var client = host.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(3);

        long received;
        long growth;
        await using (var watch = MemoryWatch.Start())
        {
            using var response = await client.GetAsync("/download", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(OneGiB, response.Content.Headers.ContentLength);
            received = await Pattern.ReadAndVerifyAsync(await response.Content.ReadAsStreamAsync());
            growth = watch.PeakGrowth;
        }

        output.WriteLine($"download: working set peak growth {growth >> 20} MiB");
        Assert.Equal(OneGiB, received);
        Assert.True(growth < MemoryBudget, $"working set grew by {growth >> 20} MiB moving 1 GiB");
    }
}
