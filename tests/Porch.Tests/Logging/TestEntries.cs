using System.Net;
using System.Text.RegularExpressions;
using Porch.Logging;

namespace Porch.Tests.Logging;

/// <summary>Access-log entries numbered through their query string, and the number read back from a line.</summary>
internal static partial class TestEntries
{
    public static AccessLogEntry Numbered(int n, DateTimeOffset at) =>
        new(IPAddress.Loopback, null, at.UtcTicks, "GET", $"/r?n={n}", "HTTP/1.1", 200, 100, default, "test/1.0");

    /// <summary>The n of a complete Combined Log Format line for <c>/...?n=N</c>; fails on anything else.</summary>
    public static int NumberOf(string line)
    {
        var match = CompleteLine().Match(line);
        Assert.True(match.Success, $"not a complete access log line: {line}");
        return int.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("""^\S+ - - \[\d\d/\w\w\w/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "(?:GET|HEAD) /[^ "]*\?n=(?<n>\d+) HTTP/[\d.]+" \d{3} (?:\d+|-) "[^"]*" "[^"]*"$""")]
    private static partial Regex CompleteLine();
}
