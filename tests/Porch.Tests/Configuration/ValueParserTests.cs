using System.Net;
using Porch.Configuration;

namespace Porch.Tests.Configuration;

public class ValueParserTests
{
    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("512KB", 524288L)]
    [InlineData("10MB", 10485760L)]
    [InlineData("1 GiB", 1073741824L)]
    [InlineData("1.5k", 1536L)]
    [InlineData("0", 0L)]
    public void ByteSize_ValidText_Parses(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1MB")]
    [InlineData("ten")]
    [InlineData("10XB")]
    [InlineData("99999999999TB")]
    public void ByteSize_InvalidText_Rejected(string text) => Assert.False(ByteSize.TryParse(text, out _));

    [Theory]
    [InlineData("250ms", 0.25)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("15", 15)]
    public void Duration_ValidText_Parses(string text, double seconds)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5s")]
    [InlineData("soon")]
    [InlineData("5 parsecs")]
    public void Duration_InvalidText_Rejected(string text) => Assert.False(Duration.TryParse(text, out _));

    [Theory]
    [InlineData("8080", "Loopback", null, 8080)]
    [InlineData("localhost:80", "Loopback", null, 80)]
    [InlineData("*:8080", "AnyInterface", null, 8080)]
    [InlineData("lan:8080", "AnyInterface", null, 8080)]
    [InlineData("192.168.1.5:443", "Address", "192.168.1.5", 443)]
    [InlineData("[::1]:8443", "Address", "::1", 8443)]
    public void ListenAddress_ValidText_Parses(string text, string scope, string? ip, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var address, out _));
        Assert.Equal(Enum.Parse<ListenScope>(scope), address!.Scope);
        Assert.Equal(ip is null ? null : IPAddress.Parse(ip), address.Address);
        Assert.Equal(port, address.Port);
    }

    [Theory]
    [InlineData("::1:8080", "brackets")]
    [InlineData("localhost:http", "no valid port")]
    [InlineData("example.com:80", "not an IP address")]
    [InlineData("70000", "no valid port")]
    public void ListenAddress_InvalidText_ExplainsTheFix(string text, string hint)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out var error));
        Assert.Contains(hint, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8000", "http://127.0.0.1:8000/")]
    [InlineData("app.internal:3000", "http://app.internal:3000/")]
    [InlineData("https://127.0.0.1:8443/base", "https://127.0.0.1:8443/base")]
    public void UpstreamAddress_ValidText_Parses(string text, string expected)
    {
        Assert.True(UpstreamAddress.TryParse(text, out var uri, out _));
        Assert.Equal(expected, uri!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("ftp://x:21")]
    [InlineData("http://x:8000/?q=1")]
    [InlineData("70000")]
    public void UpstreamAddress_InvalidText_Rejected(string text) => Assert.False(UpstreamAddress.TryParse(text, out _, out _));
}
