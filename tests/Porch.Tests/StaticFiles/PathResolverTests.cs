using Porch.StaticFiles;

namespace Porch.Tests.StaticFiles;

public sealed class PathResolverTests : IDisposable
{
    private readonly SiteFolder site = new();
    private readonly PathResolver resolver;

    public PathResolverTests()
    {
        site.Write("index.html", "home");
        site.Write("docs/guide.html", "guide");
        site.Write(".env", "hidden");
        site.Write(".git/config", "hidden");
        site.Write("docs/.draft.md", "hidden");
        site.Write(".well-known/acme-challenge/token", "challenge");
        site.Write(".well-known/.hidden", "hidden");
        site.Link("alias.html", "index.html");
        site.Link("guide-link.html", Path.Combine(site.Root, "docs/guide.html"));
        site.Link("docs-link", "docs");
        site.Link("chain.html", "alias.html");
        site.Link("leak.txt", Path.Combine(site.Outside, "secret.txt"));
        site.Link("leak-relative.txt", "../outside/secret.txt");
        site.Link("leak-dir", site.Outside);
        site.Link("docs/up-and-out", "../../outside");
        site.Link("docs/up-and-back.html", "../index.html");
        site.Link("root-link", "/");
        site.Link("chain-out.txt", "leak.txt");
        site.Link("loop-a", "loop-b");
        site.Link("loop-b", "loop-a");
        site.Link("dangling", "does-not-exist");
        resolver = new PathResolver(site.Root);
    }

    [Theory]
    [InlineData("/index.html", "index.html")]
    [InlineData("/docs/guide.html", "docs/guide.html")]
    [InlineData("//docs//guide.html", "docs/guide.html")]
    [InlineData("/alias.html", "index.html")]
    [InlineData("/chain.html", "index.html")]
    [InlineData("/guide-link.html", "docs/guide.html")]
    [InlineData("/docs-link/guide.html", "docs/guide.html")]
    [InlineData("/docs/up-and-back.html", "index.html")]
    [InlineData("/.well-known/acme-challenge/token", ".well-known/acme-challenge/token")]
    public void Resolve_FilesAndLinksInsideRoot_ResolveToTheRealFile(string path, string expected)
    {
        var resolved = resolver.Resolve(path);
        Assert.Equal(ResolvedKind.File, resolved.Kind);
        Assert.Equal(Path.Combine(resolver.RealRoot, expected), resolved.RealPath);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/docs")]
    [InlineData("/docs/")]
    [InlineData("/docs-link/")]
    public void Resolve_Folders_AreDirectories(string path) =>
        Assert.Equal(ResolvedKind.Directory, resolver.Resolve(path).Kind);

    [Theory]
    [InlineData("/leak.txt")]
    [InlineData("/leak-relative.txt")]
    [InlineData("/leak-dir/secret.txt")]
    [InlineData("/leak-dir")]
    [InlineData("/docs/up-and-out/secret.txt")]
    [InlineData("/docs-link/up-and-out/secret.txt")]
    [InlineData("/root-link/etc/passwd")]
    [InlineData("/chain-out.txt")]
    public void Resolve_LinksLeavingRoot_AreRefused(string path)
    {
        var resolved = resolver.Resolve(path);
        Assert.Equal(ResolvedKind.Refused, resolved.Kind);
        Assert.Equal(PathProblem.OutsideRoot, resolved.Problem);
        Assert.Null(resolved.RealPath);
    }

    [Theory]
    [InlineData("/../outside/secret.txt", nameof(PathProblem.DotSegment))]
    [InlineData("/docs/../../outside/secret.txt", nameof(PathProblem.DotSegment))]
    [InlineData("/./index.html", nameof(PathProblem.DotSegment))]
    [InlineData("/..%2Foutside%2Fsecret.txt", nameof(PathProblem.EncodedSeparator))]
    [InlineData("/..%2foutside/secret.txt", nameof(PathProblem.EncodedSeparator))]
    [InlineData("/..\\outside\\secret.txt", nameof(PathProblem.Backslash))]
    [InlineData("/index.html\0.txt", nameof(PathProblem.NulByte))]
    [InlineData("/%2e%2e/outside/secret.txt", nameof(PathProblem.DoubleEncoding))]
    [InlineData("/%c0%ae%c0%ae/outside/secret.txt", nameof(PathProblem.DoubleEncoding))]
    [InlineData("/\uFFFD\uFFFD/outside", nameof(PathProblem.InvalidUtf8))]
    [InlineData("/a\r\nb", nameof(PathProblem.ControlCharacter))]
    public void Resolve_TraversalInDecodedPath_IsRefused(string path, string expected)
    {
        var resolved = resolver.Resolve(path);
        Assert.Equal(ResolvedKind.Refused, resolved.Kind);
        Assert.Equal(Enum.Parse<PathProblem>(expected), resolved.Problem);
    }

    [Theory]
    [InlineData("/.env")]
    [InlineData("/.git/config")]
    [InlineData("/.git")]
    [InlineData("/docs/.draft.md")]
    [InlineData("/.well-known/.hidden")]
    [InlineData("/docs/.well-known")]
    [InlineData("/missing.html")]
    [InlineData("/index.html/more")]
    [InlineData("/loop-a")]
    [InlineData("/dangling")]
    public void Resolve_HiddenMissingOrBroken_IsNotFound(string path) =>
        Assert.Equal(ResolvedKind.NotFound, resolver.Resolve(path).Kind);

    [Fact]
    public void Resolve_NameLongerThanFileSystemsAllow_IsNotFound() =>
        Assert.Equal(ResolvedKind.NotFound, resolver.Resolve("/" + new string('a', 300)).Kind);

    [Fact]
    public void ResolveIn_SiblingLinkLeavingRoot_IsRefused()
    {
        site.Link("docs/guide.html.br", Path.Combine(site.Outside, "secret.txt"));
        var resolved = resolver.ResolveIn(Path.Combine(resolver.RealRoot, "docs"), "guide.html.br");
        Assert.Equal(ResolvedKind.Refused, resolved.Kind);
    }

    [Fact]
    public void RealRoot_RootGivenThroughLink_IsTheRealFolder()
    {
        var link = Path.Combine(site.Base, "www-link");
        Directory.CreateSymbolicLink(link, site.Root);
        var throughLink = new PathResolver(link);

        Assert.Equal(resolver.RealRoot, throughLink.RealRoot);
        Assert.Equal(ResolvedKind.File, throughLink.Resolve("/index.html").Kind);
        Assert.Equal(ResolvedKind.Refused, throughLink.Resolve("/leak.txt").Kind);
    }

    [Theory]
    [InlineData("/srv/www", "/srv/www", true)]
    [InlineData("/srv/www", "/srv/www/a", true)]
    [InlineData("/srv/www", "/srv/www-evil/a", false)]
    [InlineData("/srv/www", "/srv/wwwa", false)]
    [InlineData("/srv/www", "/srv", false)]
    [InlineData("/", "/etc/passwd", true)]
    public void Contains_PrefixOnSegmentBoundary_Only(string root, string path, bool expected) =>
        Assert.Equal(expected, new PathResolver(root).Contains(path));

    public void Dispose() => site.Dispose();
}
