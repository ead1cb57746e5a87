using System.Net;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.StaticFiles;

public sealed class DirectoryListingTests : IDisposable
{
    private readonly SiteFolder site = new();

    public DirectoryListingTests()
    {
        site.Write("files/report.pdf", new byte[2048]);
        site.Write("files/<b>&\"quote'.txt", "tricky");
        site.Write("files/café #1?.txt", "accents");
        site.Write("files/.hidden", "secret");
        site.Folder("files/.git");
        site.Folder("files/sub");
        site.Link("files/outside-link.txt", Path.Combine(site.Outside, "secret.txt"));
        site.Link("files/inside-link.txt", "report.pdf");
    }

    [Fact]
    public async Task Get_FolderWithoutIndex_BrowseOff_IsNotFound()
    {
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Root = site.Root });
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/files/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_FolderWithoutIndex_BrowseOn_ListsEntriesEscaped()
    {
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Root = site.Root, Browse = true });
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/files/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("<title>Index of /files/</title>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"./report.pdf\">report.pdf</a>", html, StringComparison.Ordinal);
        Assert.Contains("2 KiB", html, StringComparison.Ordinal);
        Assert.Contains("href=\"./sub/\">sub/</a>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"./%3Cb%3E%26%22quote%27.txt\">&lt;b&gt;&amp;&quot;quote&#39;.txt</a>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"./caf%C3%A9%20%231%3F.txt\">caf&#233; #1?.txt</a>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"./inside-link.txt\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"../\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(".hidden", html, StringComparison.Ordinal);
        Assert.DoesNotContain(".git", html, StringComparison.Ordinal);
        Assert.DoesNotContain("outside-link", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("sub/", StringComparison.Ordinal) < html.IndexOf("report.pdf", StringComparison.Ordinal), "folders come first");
    }

    [Fact]
    public async Task Get_ListedLinks_LeadToTheFiles()
    {
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Root = site.Root, Browse = true });
        using var client = host.CreateClient();

        Assert.Equal("tricky", await client.GetStringAsync("/files/%3Cb%3E%26%22quote%27.txt"));
        Assert.Equal("accents", await client.GetStringAsync("/files/caf%C3%A9%20%231%3F.txt"));
    }

    [Fact]
    public async Task Get_RootListing_HasNoParentLink()
    {
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Root = Path.Combine(site.Root, "files"), Browse = true });
        using var client = host.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Contains("report.pdf", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"../\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_FolderWithIndex_BrowseOn_ServesIndexNotListing()
    {
        site.Write("files/index.html", "the index");
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Root = site.Root, Browse = true });
        using var client = host.CreateClient();

        Assert.Equal("the index", await client.GetStringAsync("/files/"));
    }

    public void Dispose() => site.Dispose();
}
