using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.StaticFiles;

public sealed class CompressionTests : IAsyncLifetime, IDisposable
{
    private readonly SiteFolder site = new();
    private readonly string page = SiteFolder.CompressibleText(10_000);
    private readonly string largePage = SiteFolder.CompressibleText(200_000);
    private PorchTestHost host = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        // Precompressed siblings hold different text from the original, to prove which file was sent.
        site.Write("app.js", SiteFolder.CompressibleText(5000));
        site.Write("app.js.gz", Gzip("from the gzip sibling"));
        site.Write("app.js.br", Brotli("from the brotli sibling"));
        site.Write("only-gz.css", "body{}");
        site.Write("only-gz.css.gz", Gzip("from only-gz sibling"));
        site.Write("page.html", page);
        site.Write("large.html", largePage);
        site.Write("tiny.html", "<p>tiny</p>");
        site.Write("photo.png", new byte[5000]);
        site.Write("linked.js", SiteFolder.CompressibleText(3000));
        site.Link("linked.js.gz", Path.Combine(site.Outside, "secret.txt"));
        host = await PorchTestHost.StartAsync(new RouteConfig { Root = site.Root });
        client = host.CreateClient();
    }

    [Theory]
    [InlineData("gzip", "gzip", "from the gzip sibling")]
    [InlineData("br", "br", "from the brotli sibling")]
    [InlineData("gzip, deflate, br", "br", "from the brotli sibling")]
    [InlineData("br;q=0.5, gzip;q=0.9", "gzip", "from the gzip sibling")]
    [InlineData("br;q=0, *", "gzip", "from the gzip sibling")]
    public async Task Get_PrecompressedSibling_IsSentWithContentEncoding(string accept, string encoding, string text)
    {
        using var response = await Get("/app.js", accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Equal("text/javascript; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(["Accept-Encoding"], response.Headers.Vary);
        Assert.Equal(text, Decode(encoding, await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Get_OnlyGzipSibling_GzipClientGetsIt_BrotliOnlyClientGetsIdentity()
    {
        using var gzip = await Get("/only-gz.css", "gzip");
        using var brotli = await Get("/only-gz.css", "br");

        Assert.Equal("from only-gz sibling", Decode("gzip", await gzip.Content.ReadAsByteArrayAsync()));
        Assert.Empty(brotli.Content.Headers.ContentEncoding);
        Assert.Equal("body{}", await brotli.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_NoAcceptEncoding_IsIdentityWithVary()
    {
        using var response = await Get("/app.js", null);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(["Accept-Encoding"], response.Headers.Vary);
        Assert.Equal(SiteFolder.CompressibleText(5000), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Get_TextWithoutSibling_IsCompressedOnTheFly(string encoding)
    {
        using var response = await Get("/page.html", encoding);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.True(body.Length < page.Length / 4, $"{body.Length} bytes is not much smaller than {page.Length}");
        Assert.Equal(page, Decode(encoding, body));
        Assert.True(response.Headers.ETag!.IsWeak);
    }

    [Fact]
    public async Task Get_CompressedCopy_RevalidatesWithItsETag()
    {
        using var first = await Get("/page.html", "br");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/page.html");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(["Accept-Encoding"], response.Headers.Vary);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Get_LargeText_IsCompressedWhileStreaming(string encoding)
    {
        using var response = await Get("/large.html", encoding);

        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Equal(largePage, Decode(encoding, await response.Content.ReadAsByteArrayAsync()));
    }

    [Theory]
    [InlineData("/tiny.html")]
    [InlineData("/photo.png")]
    public async Task Get_TinyOrAlreadyCompressedTypes_AreNotCompressed(string path)
    {
        using var response = await Get(path, "br, gzip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Get_PngResponse_HasNoVary()
    {
        using var response = await Get("/photo.png", "br, gzip");

        Assert.Empty(response.Headers.Vary);
    }

    [Fact]
    public async Task Get_Range_IsNeverCompressed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/page.html");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        request.Headers.Range = new RangeHeaderValue(0, 9);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(page[..10], await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_SiblingLinkLeavingRoot_IsIgnored()
    {
        using var response = await Get("/linked.js", "gzip");
        var text = Decode("gzip", await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(SiteFolder.CompressibleText(3000), text);
        Assert.DoesNotContain(SiteFolder.Secret, text, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
    }

    public void Dispose() => site.Dispose();

    private async Task<HttpResponseMessage> Get(string path, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        return await client.SendAsync(request);
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    private static byte[] Brotli(string text)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal))
        {
            brotli.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    private static string Decode(string encoding, byte[] body)
    {
        using Stream decoder = encoding == "br"
            ? new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var reader = new StreamReader(decoder, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
