using Porch.StaticFiles;

namespace Porch.Tests.StaticFiles;

public class ContentTypesTests
{
    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8", true)]
    [InlineData("PAGE.HTM", "text/html; charset=utf-8", true)]
    [InlineData("site.css", "text/css; charset=utf-8", true)]
    [InlineData("app.js", "text/javascript; charset=utf-8", true)]
    [InlineData("module.mjs", "text/javascript; charset=utf-8", true)]
    [InlineData("data.json", "application/json", true)]
    [InlineData("app.js.map", "application/json", true)]
    [InlineData("logo.svg", "image/svg+xml", true)]
    [InlineData("notes.txt", "text/plain; charset=utf-8", true)]
    [InlineData("README.md", "text/markdown; charset=utf-8", true)]
    [InlineData("feed.xml", "application/xml", true)]
    [InlineData("app.wasm", "application/wasm", true)]
    [InlineData("photo.png", "image/png", false)]
    [InlineData("photo.JPG", "image/jpeg", false)]
    [InlineData("photo.jpeg", "image/jpeg", false)]
    [InlineData("anim.gif", "image/gif", false)]
    [InlineData("pic.webp", "image/webp", false)]
    [InlineData("pic.avif", "image/avif", false)]
    [InlineData("favicon.ico", "image/x-icon", true)]
    [InlineData("font.woff", "font/woff", false)]
    [InlineData("font.woff2", "font/woff2", false)]
    [InlineData("paper.pdf", "application/pdf", false)]
    [InlineData("clip.mp4", "video/mp4", false)]
    [InlineData("clip.webm", "video/webm", false)]
    [InlineData("song.mp3", "audio/mpeg", false)]
    [InlineData("archive.tar.gz", "application/gzip", false)]
    [InlineData("Makefile", "application/octet-stream", false)]
    [InlineData("data.unknownext", "application/octet-stream", false)]
    public void For_KnownAndUnknownExtensions_GivesTypeAndCompressibility(string name, string type, bool compressible) =>
        Assert.Equal((type, compressible), ContentTypes.For(name));
}
