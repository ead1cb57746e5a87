using Microsoft.Extensions.Primitives;
using Porch.StaticFiles;

namespace Porch.Tests.StaticFiles;

public class AcceptEncodingTests
{
    [Theory]
    [InlineData(null, nameof(ContentCoding.Identity))]
    [InlineData("", nameof(ContentCoding.Identity))]
    [InlineData("identity", nameof(ContentCoding.Identity))]
    [InlineData("gzip", nameof(ContentCoding.Gzip))]
    [InlineData("x-gzip", nameof(ContentCoding.Gzip))]
    [InlineData("GZIP", nameof(ContentCoding.Gzip))]
    [InlineData("br", nameof(ContentCoding.Brotli))]
    [InlineData("gzip, deflate, br, zstd", nameof(ContentCoding.Brotli))]
    [InlineData("gzip;q=1.0, br;q=0.5", nameof(ContentCoding.Gzip))]
    [InlineData("br;q=0.8, gzip;q=0.8", nameof(ContentCoding.Brotli))]
    [InlineData("br;q=0, gzip", nameof(ContentCoding.Gzip))]
    [InlineData("br;q=0, gzip;q=0", nameof(ContentCoding.Identity))]
    [InlineData("br ; q=0.000 , gzip ; Q=0.001", nameof(ContentCoding.Gzip))]
    [InlineData("*", nameof(ContentCoding.Brotli))]
    [InlineData("*;q=0", nameof(ContentCoding.Identity))]
    [InlineData("*;q=0, gzip", nameof(ContentCoding.Gzip))]
    [InlineData("gzip;q=0.5, *;q=0.9", nameof(ContentCoding.Brotli))]
    [InlineData("deflate", nameof(ContentCoding.Identity))]
    [InlineData("br;q=2", nameof(ContentCoding.Identity))]
    [InlineData("br;q=0.1234, gzip", nameof(ContentCoding.Gzip))]
    [InlineData("br;level=5;q=0.5, gzip;q=0.4", nameof(ContentCoding.Brotli))]
    [InlineData(",,br,,", nameof(ContentCoding.Brotli))]
    public void Choose_BothAvailable_HonoursQValues(string? header, string expected) =>
        Assert.Equal(Enum.Parse<ContentCoding>(expected), AcceptEncoding.Choose(header is null ? StringValues.Empty : new StringValues(header), brotli: true, gzip: true));

    [Fact]
    public void Choose_SeveralHeaderLines_AreOneList() =>
        Assert.Equal(ContentCoding.Gzip, AcceptEncoding.Choose(new StringValues(["br;q=0.1", "gzip"]), true, true));

    [Theory]
    [InlineData("br, gzip", false, true, nameof(ContentCoding.Gzip))]
    [InlineData("br", false, true, nameof(ContentCoding.Identity))]
    [InlineData("br, gzip", true, false, nameof(ContentCoding.Brotli))]
    [InlineData("gzip", true, false, nameof(ContentCoding.Identity))]
    [InlineData("br, gzip", false, false, nameof(ContentCoding.Identity))]
    public void Choose_OnlySomeAvailable_PicksAmongThem(string header, bool brotli, bool gzip, string expected) =>
        Assert.Equal(Enum.Parse<ContentCoding>(expected), AcceptEncoding.Choose(header, brotli, gzip));
}
