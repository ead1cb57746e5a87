using System.Net;
using System.Text;
using Microsoft.Extensions.Primitives;
using Porch.Logging;

namespace Porch.Tests.Logging;

public class AccessLogFormatterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 10, 2, 20, TimeSpan.Zero);

    private static readonly TimeZoneInfo PlusOne = Zone(TimeSpan.FromHours(1));

    [Fact]
    public void Format_TypicalRequest_MatchesApacheCombined()
    {
        var entry = Entry(IPAddress.Parse("192.168.1.20"), "/a?b=1", bytes: 1234, userAgent: "curl/7.88.1");

        Assert.Equal(
            "192.168.1.20 - - [21/Nov/2026:11:02:20 +0100] \"GET /a?b=1 HTTP/1.1\" 200 1234 \"-\" \"curl/7.88.1\"\n",
            Format(entry, PlusOne));
    }

    [Fact]
    public void Format_IPv6Client_WrittenCompressed()
    {
        var entry = Entry(IPAddress.Parse("2001:db8:0:0:0:0:0:7"), "/", bytes: 5);

        Assert.StartsWith("2001:db8::7 - - [", Format(entry, PlusOne), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_IPv4MappedClient_WrittenAsIPv4()
    {
        var entry = Entry(IPAddress.Parse("::ffff:203.0.113.9"), "/", bytes: 5);

        Assert.StartsWith("203.0.113.9 - - [", Format(entry, PlusOne), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_NothingKnown_DashesWhereApacheWritesThem()
    {
        var entry = Entry(null, "/", bytes: 0, status: 304);

        Assert.Equal("- - - [21/Nov/2026:11:02:20 +0100] \"GET / HTTP/1.1\" 304 - \"-\" \"-\"\n", Format(entry, PlusOne));
    }

    [Fact]
    public void Format_EmptyHeaders_WrittenAsDash()
    {
        var entry = Entry(IPAddress.Loopback, "/", bytes: 1) with { Referer = "", UserAgent = new StringValues("") };

        Assert.EndsWith(" 200 1 \"-\" \"-\"\n", Format(entry, PlusOne), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_AuthenticatedUser_WrittenAsPercentU()
    {
        var entry = Entry(IPAddress.Loopback, "/private", bytes: 10) with { User = "alice" };

        Assert.StartsWith("127.0.0.1 - alice [", Format(entry, PlusOne), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-3.5, "[21/Nov/2026:06:32:20 -0330]")]
    [InlineData(0, "[21/Nov/2026:10:02:20 +0000]")]
    [InlineData(5.75, "[21/Nov/2026:15:47:20 +0545]")]
    [InlineData(14, "[22/Nov/2026:00:02:20 +1400]")]
    public void Format_LocalOffset_TimeAndOffsetAreLocal(double hours, string expected)
    {
        var line = Format(Entry(IPAddress.Loopback, "/", bytes: 1), Zone(TimeSpan.FromHours(hours)));

        Assert.Contains(" - - " + expected + " \"GET", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_QuoteBackslashAndNewlineInHeaders_EscapedSoNoFieldOrLineCanBeForged()
    {
        var entry = Entry(IPAddress.Loopback, "/", bytes: 1, userAgent: "x\" 200 1 \"\\\n1.2.3.4 - - [forged]\r\t\x7f");

        var line = Format(entry, PlusOne);

        Assert.EndsWith(" 200 1 \"-\" \"x\\x22 200 1 \\x22\\x5C\\x0A1.2.3.4 - - [forged]\\x0D\\x09\\x7F\"\n", line, StringComparison.Ordinal);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Format_NonAsciiText_EscapedAsItsUtf8Bytes()
    {
        var entry = Entry(IPAddress.Loopback, "/caf\u00e9", bytes: 1, referer: "https://例え.jp/\U0001F600");

        var line = Format(entry, PlusOne);

        Assert.Contains("\"GET /caf\\xC3\\xA9 HTTP/1.1\"", line, StringComparison.Ordinal);
        Assert.Contains("\"https://\\xE4\\xBE\\x8B\\xE3\\x81\\x88.jp/\\xF0\\x9F\\x98\\x80\"", line, StringComparison.Ordinal);
        Assert.All(Encoding.UTF8.GetBytes(line), b => Assert.InRange(b, (byte)0x0A, (byte)0x7E));
    }

    [Fact]
    public void Format_LoneSurrogate_EscapedAsReplacementCharacter()
    {
        var line = Format(Entry(IPAddress.Loopback, "/\ud800x", bytes: 1), PlusOne);

        Assert.Contains("\"GET /\\xEF\\xBF\\xBDx HTTP/1.1\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_RepeatedHeader_ValuesJoinedWithComma()
    {
        var entry = Entry(IPAddress.Loopback, "/", bytes: 1) with { UserAgent = new StringValues(["a/1", "b/2"]) };

        Assert.EndsWith("\"a/1, b/2\"\n", Format(entry, PlusOne), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_WorstCaseText_FitsInMaxLength()
    {
        var nasty = string.Concat(Enumerable.Repeat("\u20ac\x01\"", 3000));
        var entry = new AccessLogEntry(
            IPAddress.Parse("fe80::1:2:3:4%12"), nasty, At.UtcTicks, nasty, nasty, nasty, int.MaxValue, long.MaxValue, nasty, nasty);
        var buffer = new byte[AccessLogFormatter.MaxLength(entry)];

        var length = AccessLogFormatter.Format(entry, PlusOne, buffer);

        Assert.Equal((byte)'\n', buffer[length - 1]);
    }

    private static AccessLogEntry Entry(IPAddress? client, string target, long bytes, int status = 200, string? referer = null, string? userAgent = null) =>
        new(client, null, At.UtcTicks, "GET", target, "HTTP/1.1", status, bytes,
            referer is null ? StringValues.Empty : new StringValues(referer),
            userAgent is null ? StringValues.Empty : new StringValues(userAgent));

    private static string Format(AccessLogEntry entry, TimeZoneInfo zone)
    {
        var buffer = new byte[AccessLogFormatter.MaxLength(entry)];
        var length = AccessLogFormatter.Format(entry, zone, buffer);
        return Encoding.ASCII.GetString(buffer, 0, length);
    }

    private static TimeZoneInfo Zone(TimeSpan offset) => TimeZoneInfo.CreateCustomTimeZone("Test" + offset, offset, "Test", "Test");
}
