using System.Globalization;

namespace Porch.Tests.Coffee;

/// <summary>
/// What a raw client read: the text of its one read, how long after sending the request it came, and whether the
/// pot then closed.
/// </summary>
internal sealed record RawReply(string Text, TimeSpan Elapsed, bool ClosedByPot)
{
    /// <summary>From before the connection was opened: never shorter than any time the pot measured itself.</summary>
    public TimeSpan SinceConnect { get; init; }

    public int Status => int.Parse(StatusLine.Split(' ')[1], CultureInfo.InvariantCulture);

    public string StatusLine => Text[..Text.IndexOf("\r\n", StringComparison.Ordinal)];

    public string Body => Text[(Text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

    /// <summary>Header fields between the status line and the blank line, by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers =>
        Text[..Text.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n").Skip(1)
            .Select(l => l.Split(": ", 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
}
