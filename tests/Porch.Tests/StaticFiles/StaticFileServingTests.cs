using System.Globalization;
using System.Net;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.StaticFiles;

public sealed class StaticFileServingTests : IDisposable
{
    private readonly SiteFolder site = new();

    [Fact]
    public async Task Get_HtmlFile_ReturnsBytesTypeAndValidators()
    {
        var path = site.Write("page.html", "<h1>Hello</h1>");
        await using var host = await PorchTestHost.StartAsync(Route());
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/page.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<h1>Hello</h1>", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(14, response.Content.Headers.ContentLength);
        Assert.Equal(["bytes"], response.Headers.AcceptRanges);
        Assert.Equal(["Accept-Encoding"], response.Headers.Vary);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Matches("^\"[0-9a-f]+-[0-9a-f]+\"$", response.Headers.ETag.Tag);
        var mtime = File.GetLastWriteTimeUtc(path);
        Assert.Equal(new DateTimeOffset(mtime.AddTicks(-(mtime.Ticks % TimeSpan.TicksPerSecond))), response.Content.Headers.LastModified);
    }

    [Theory]
    [InlineData("style.css", "text/css; charset=utf-8")]
    [InlineData("app.mjs", "text/javascript; charset=utf-8")]
    [InlineData("data.json", "application/json")]
    [InlineData("logo.svg", "image/svg+xml")]
    [InlineData("photo.png", "image/png")]
    [InlineData("font.woff2", "font/woff2")]
    [InlineData("module.wasm", "application/wasm")]
    [InlineData("blob.bin", "application/octet-stream")]
    [InlineData("LICENSE", "application/octet-stream")]
    public async Task Get_CommonTypes_HaveTheirContentType(string name, string type)
    {
        site.Write(name, "x");
        await using var host = await PorchTestHost.StartAsync(Route());
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/" + name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("/", "home")]
    [InlineData("/docs/", "docs home")]
    public async Task Get_Folder_ServesItsIndexHtml(string path, string expected)
    {
        site.Write("index.html", "home");
        site.Write("docs/index.html", "docs home");
        await using var host = await PorchTestHost.StartAsync(Route());
        using var client = host.CreateClient();

        Assert.Equal(expected, await client.GetStringAsync(path));
    }

    [Theory]
    [InlineData("/", "/docs", "/docs/")]
    [InlineData("/", "/docs?a=1&b=two", "/docs/?a=1&b=two")]
    [InlineData("/", "/docs/deeper", "/docs/deeper/")]
    [InlineData("/static", "/static/docs", "/static/docs/")]
    [InlineData("/", "/my%20docs", "/my%20docs/")]
    public async Task Get_FolderWithoutSlash_RedirectsToSlashFormKeepingQuery(string prefix, string path, string location)
    {
        site.Write("docs/index.html", "x");
        site.Write("docs/deeper/index.html", "x");
        site.Write("my docs/index.html", "x");
        await using var host = await PorchTestHost.StartAsync(Route(prefix));
        using var client = host.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Get_UnderRoutePrefix_MapsRemainderToRoot()
    {
        site.Write("a/b.txt", "under prefix");
        await using var host = await PorchTestHost.StartAsync(Route("/static"));
        using var client = host.CreateClient();

        Assert.Equal("under prefix", await client.GetStringAsync("/static/a/b.txt"));
    }

    [Fact]
    public async Task Head_File_SameHeadersAsGetAndNoBody()
    {
        var text = SiteFolder.CompressibleText(3000);
        site.Write("page.html", text);
        await using var host = await PorchTestHost.StartAsync(Route());

        var (getStatus, get) = await RawHttpConnection.ExchangeUntilCloseAsync(host.Port, "/page.html");
        var (headStatus, head) = await RawHttpConnection.ExchangeUntilCloseAsync(host.Port, "/page.html", "HEAD");

        Assert.Equal(200, getStatus);
        Assert.Equal(200, headStatus);
        Assert.EndsWith("\r\n\r\n", head, StringComparison.Ordinal);
        Assert.Equal(HeadersWithoutDate(get), HeadersWithoutDate(head));
        Assert.Contains("Content-Length: " + text.Length.ToString(CultureInfo.InvariantCulture), head, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    [InlineData("PROPFIND")]
    public async Task OtherMethods_AreRefusedWith405AndAllow(string method)
    {
        site.Write("index.html", "home");
        await using var host = await PorchTestHost.StartAsync(Route());
        using var client = host.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/index.html"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("GET, HEAD", string.Join(", ", response.Content.Headers.Allow));
    }

    [Theory]
    [InlineData("/.env")]
    [InlineData("/.git/config")]
    [InlineData("/.git/")]
    [InlineData("/docs/.draft.md")]
    [InlineData("/.well-known/.secret")]
    public async Task Get_Dotfiles_AreNotFound(string path)
    {
        site.Write(".env", "PASSWORD=hunter2");
        site.Write(".git/config", "[core]");
        site.Write("docs/.draft.md", "draft");
        site.Write(".well-known/.secret", "hidden");
        await using var host = await PorchTestHost.StartAsync(Route(browse: true));
        using var client = host.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_WellKnown_IsServedDespiteTheDot()
    {
        site.Write(".well-known/acme-challenge/token123", "token123.thumbprint");
        await using var host = await PorchTestHost.StartAsync(Route());
        using var client = host.CreateClient();

        Assert.Equal("token123.thumbprint", await client.GetStringAsync("/.well-known/acme-challenge/token123"));
    }

    [Theory]
    [InlineData("/missing.html")]
    [InlineData("/page.html/")]
    [InlineData("/page.html/extra")]
    public async Task Get_MissingOrFileAsFolder_IsNotFound(string path)
    {
        site.Write("page.html", "x");
        await using var host = await PorchTestHost.StartAsync(Route());
        using var client = host.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_FileChangedOnDisk_ServesTheNewContent()
    {
        var path = site.Write("page.html", "first version");
        await using var host = await PorchTestHost.StartAsync(Route());
        using var client = host.CreateClient();
        using var first = await client.GetAsync("/page.html");
        Assert.Equal("first version", await first.Content.ReadAsStringAsync());

        File.WriteAllText(path, "second, longer version");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        using var second = await client.GetAsync("/page.html");

        Assert.Equal("second, longer version", await second.Content.ReadAsStringAsync());
        Assert.NotEqual(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task Get_FileDeletedAfterBeingServed_IsNotFound()
    {
        var path = site.Write("page.html", "soon gone");
        await using var host = await PorchTestHost.StartAsync(Route());
        using var client = host.CreateClient();
        Assert.Equal("soon gone", await client.GetStringAsync("/page.html"));

        File.Delete(path);
        using var response = await client.GetAsync("/page.html");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_LargeFile_IsStreamedWhole()
    {
        var content = new byte[300_000];
        new Random(42).NextBytes(content);
        site.Write("video.mp4", content);
        await using var host = await PorchTestHost.StartAsync(Route());
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/video.mp4");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content.Length, response.Content.Headers.ContentLength);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_EmptyFile_IsEmpty200()
    {
        site.Write("empty.txt", []);
        await using var host = await PorchTestHost.StartAsync(Route());
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/empty.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Get_LinkInsideRoot_IsServed()
    {
        site.Write("real/page.html", "through the link");
        site.Link("alias.html", "real/page.html");
        site.Link("folder", "real");
        await using var host = await PorchTestHost.StartAsync(Route());
        using var client = host.CreateClient();

        Assert.Equal("through the link", await client.GetStringAsync("/alias.html"));
        Assert.Equal("through the link", await client.GetStringAsync("/folder/page.html"));
    }

    public void Dispose() => site.Dispose();

    private RouteConfig Route(string prefix = "/", bool browse = false) => new() { Path = prefix, Root = site.Root, Browse = browse };

    private static string[] HeadersWithoutDate(string response) =>
        [.. response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n").Where(h => !h.StartsWith("Date:", StringComparison.Ordinal))];
}
