using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.StaticFiles;

public sealed class ConditionalAndRangeTests : IAsyncLifetime, IDisposable
{
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    private readonly SiteFolder site = new();
    private PorchTestHost host = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        site.Write("digits.txt", Digits);
        var large = new StringBuilder();
        while (large.Length < 200_000)
        {
            large.Append(Digits);
        }

        site.Write("large.bin", large.ToString());
        host = await PorchTestHost.StartAsync(new RouteConfig { Root = site.Root });
        client = host.CreateClient();
    }

    [Fact]
    public async Task Get_IfNoneMatchWithCurrentETag_Is304WithValidators()
    {
        using var first = await client.GetAsync("/digits.txt");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/digits.txt");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(first.Headers.ETag, response.Headers.ETag);
        Assert.Equal(first.Content.Headers.LastModified, response.Content.Headers.LastModified);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_IfNoneMatchWithOtherETag_Is200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/digits.txt");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Digits, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_IfModifiedSinceLastModified_Is304_AndEarlierDateIs200()
    {
        using var first = await client.GetAsync("/digits.txt");
        var lastModified = first.Content.Headers.LastModified!.Value;

        using var same = new HttpRequestMessage(HttpMethod.Get, "/digits.txt");
        same.Headers.IfModifiedSince = lastModified;
        using var notModified = await client.SendAsync(same);
        using var earlier = new HttpRequestMessage(HttpMethod.Get, "/digits.txt");
        earlier.Headers.IfModifiedSince = lastModified.AddSeconds(-1);
        using var modified = await client.SendAsync(earlier);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
    }

    [Fact]
    public async Task Get_IfMatchMismatch_Is412_AndIfUnmodifiedSinceEarlierIs412()
    {
        using var first = await client.GetAsync("/digits.txt");
        using var ifMatch = new HttpRequestMessage(HttpMethod.Get, "/digits.txt");
        ifMatch.Headers.IfMatch.Add(new EntityTagHeaderValue("\"other\""));
        using var ifUnmodified = new HttpRequestMessage(HttpMethod.Get, "/digits.txt");
        ifUnmodified.Headers.IfUnmodifiedSince = first.Content.Headers.LastModified!.Value.AddDays(-1);
        using var matching = new HttpRequestMessage(HttpMethod.Get, "/digits.txt");
        matching.Headers.IfMatch.Add(first.Headers.ETag!);

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(ifMatch)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(ifUnmodified)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(matching)).StatusCode);
    }

    [Theory]
    [InlineData("bytes=0-9", "bytes 0-9/36", "0123456789")]
    [InlineData("bytes=30-", "bytes 30-35/36", "uvwxyz")]
    [InlineData("bytes=-3", "bytes 33-35/36", "xyz")]
    [InlineData("bytes=10-1000", "bytes 10-35/36", "abcdefghijklmnopqrstuvwxyz")]
    public async Task Get_SingleRange_Is206WithContentRange(string range, string contentRange, string body)
    {
        using var response = await SendRange("/digits.txt", range);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(contentRange, response.Content.Headers.ContentRange!.ToString());
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Get_RangeOfLargeFile_Is206FromDisk()
    {
        using var response = await SendRange("/large.bin", "bytes=100000-100009");

        var file = File.ReadAllBytes(Path.Combine(site.Root, "large.bin"));
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("bytes 100000-100009/" + file.Length, response.Content.Headers.ContentRange!.ToString());
        Assert.Equal(file[100_000..100_010], await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=36-")]
    [InlineData("bytes=1000-2000")]
    [InlineData("bytes=-0")]
    public async Task Get_UnsatisfiableRange_Is416WithLength(string range)
    {
        using var response = await SendRange("/digits.txt", range);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */36", response.Content.Headers.ContentRange!.ToString());
    }

    [Theory]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=5-1")]
    [InlineData("lines=1-2")]
    public async Task Get_SeveralOrInvalidRanges_AreAnsweredWhole(string range)
    {
        using var response = await SendRange("/digits.txt", range);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Digits, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_IfRangeCurrent_Is206_AndStaleIs200Whole()
    {
        using var first = await client.GetAsync("/digits.txt");

        using var current = await SendRange("/digits.txt", "bytes=0-1", first.Headers.ETag!.Tag);
        using var stale = await SendRange("/digits.txt", "bytes=0-1", "\"stale\"");
        using var byDate = await SendRange("/digits.txt", "bytes=0-1", first.Content.Headers.LastModified!.Value.ToString("R"));

        Assert.Equal(HttpStatusCode.PartialContent, current.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal(Digits, await stale.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.PartialContent, byDate.StatusCode);
    }

    [Fact]
    public async Task Head_WithRange_IgnoresIt()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/digits.txt");
        request.Headers.Range = new RangeHeaderValue(0, 1);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(36, response.Content.Headers.ContentLength);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
    }

    public void Dispose() => site.Dispose();

    private async Task<HttpResponseMessage> SendRange(string path, string range, string? ifRange = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Range", range);
        if (ifRange is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Range", ifRange);
        }

        return await client.SendAsync(request);
    }
}
