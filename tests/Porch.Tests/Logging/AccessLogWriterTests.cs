using System.Globalization;
using System.Text.RegularExpressions;
using Porch.Logging;
using Porch.Tests.Support;

namespace Porch.Tests.Logging;

public partial class AccessLogWriterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 11, 2, 20, TimeSpan.FromHours(1));

    [Fact]
    public async Task Write_OutputStalled_QueueStopsAtItsBudgetAndEveryDropIsCounted()
    {
        using var output = new BlockingTextWriter();
        using var logs = new CapturingLoggerProvider();
        var logger = logs.CreateLogger("Porch.AccessLog");
        var writer = AccessLogWriter.Open(Stdout, output, new ManualTimeProvider(At, TimeSpan.Zero), logger);
        var longTarget = "/" + new string('a', 8000);
        const int Total = 3000;

        for (var i = 0; i < Total; i++)
        {
            writer.Write(TestEntries.Numbered(i, At) with { Target = $"{longTarget}?n={i}" });
        }

        output.Release();
        await writer.DisposeAsync();

        var written = output.Lines().Select(TestEntries.NumberOf).ToArray();
        var dropped = logs.Entries.Where(e => e.EventId == 2011).Sum(e => long.Parse(DroppedCount().Match(e.Message).Value, CultureInfo.InvariantCulture));
        Assert.Equal(Total, written.Length + dropped);
        // Each queued entry holds ~16 KB of target, so the 16 MiB budget admits about a thousand.
        Assert.InRange(written.Length, 900, 1100);
        Assert.Equal(written.Distinct().Count(), written.Length);
    }

    [Fact]
    public async Task Open_WithPrevious_LinesOfRequestsStillRunningAtReloadAreKept()
    {
        using var dir = new TempDirectory();
        var path = dir.File("access.log");
        var settings = new AccessLogSettings(true, path, null, null, 10, false);
        var time = new ManualTimeProvider(At, TimeSpan.Zero);
        var first = AccessLogWriter.Open(settings, TextWriter.Null, time);
        first.Write(TestEntries.Numbered(0, At));

        var second = AccessLogWriter.Open(settings with { Keep = 5 }, TextWriter.Null, time, previous: first);
        second.Write(TestEntries.Numbered(1, At));
        await first.DisposeAsync();
        first.Write(TestEntries.Numbered(2, At));
        await second.DisposeAsync();

        Assert.Equal([0, 1, 2], LogFiles.ReadLines(path).Select(TestEntries.NumberOf));
    }

    [Fact]
    public async Task Open_Disabled_NotEnabledAndWritesNothing()
    {
        using var dir = new TempDirectory();
        var path = dir.File("access.log");
        var writer = AccessLogWriter.Open(new AccessLogSettings(false, path, null, null, 10, false), TextWriter.Null, TimeProvider.System);

        writer.Write(TestEntries.Numbered(0, At));
        await writer.DisposeAsync();

        Assert.False(writer.Enabled);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Open_FolderMissing_CreatesItAndAppendsToAnExistingFile()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "logs", "porch", "access.log");
        var settings = new AccessLogSettings(true, path, null, null, 10, false);

        var first = AccessLogWriter.Open(settings, TextWriter.Null, TimeProvider.System);
        first.Write(TestEntries.Numbered(0, At));
        await first.DisposeAsync();
        var second = AccessLogWriter.Open(settings, TextWriter.Null, TimeProvider.System);
        second.Write(TestEntries.Numbered(1, At));
        await second.DisposeAsync();

        Assert.Equal([0, 1], LogFiles.ReadLines(path).Select(TestEntries.NumberOf));
    }

    [Fact]
    public async Task Write_PathUnusable_RequestSideNeverThrowsAndFailureIsLogged()
    {
        using var dir = new TempDirectory();
        var blocker = dir.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the log folder should be");
        using var logs = new CapturingLoggerProvider();
        var logger = logs.CreateLogger("Porch.AccessLog");
        var writer = AccessLogWriter.Open(
            new AccessLogSettings(true, Path.Combine(blocker, "access.log"), null, null, 10, false), TextWriter.Null, TimeProvider.System, logger);

        writer.Write(TestEntries.Numbered(0, At));
        await writer.DisposeAsync();

        Assert.Contains(logs.Entries, e => e.EventId == 2001);
        Assert.Contains(logs.Entries, e => e.EventId == 2005 && e.Message.Contains("1 line(s)", StringComparison.Ordinal));
    }

    private static AccessLogSettings Stdout => new(true, null, null, null, 1, false);

    [GeneratedRegex(@"(?<=Dropped )\d+")]
    private static partial Regex DroppedCount();
}
