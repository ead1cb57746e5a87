using Porch.Logging;
using Porch.Tests.Support;

namespace Porch.Tests.Logging;

public class RotatingFileSinkTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 11, 2, 20, TimeSpan.FromHours(1));

    [Fact]
    public async Task Write_PastMaxSize_RotatesBetweenWholeLinesKeepingEachFileUnderTheLimit()
    {
        using var dir = new TempDirectory();
        var path = dir.File("access.log");
        var writer = Open(path, maxSize: 1024, every: null, keep: 100, compress: false);

        for (var i = 0; i < 100; i++)
        {
            writer.Write(TestEntries.Numbered(i, At));
        }

        await writer.DisposeAsync();

        var files = Directory.GetFiles(dir.Path);
        Assert.InRange(files.Length, 8, 12);
        Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 1, 1024));
        Assert.Contains(dir.File("access.log.20261121-110220"), files);
        Assert.Contains(dir.File("access.log.20261121-110220_001"), files);
        Assert.Equal(Enumerable.Range(0, 100), LogFiles.ReadAll(dir.Path, path).Select(TestEntries.NumberOf));
    }

    [Fact]
    public async Task Write_LinesAcrossHourBoundaries_EachHourInItsOwnCompressedFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("access.log");
        var hour = TimeSpan.FromHours(1);
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 10, 59, 0, hour), hour);
        var writer = AccessLogWriter.Open(new AccessLogSettings(true, path, null, RotationInterval.Hourly, 10, Compress: true), TextWriter.Null, time);

        writer.Write(TestEntries.Numbered(0, new DateTimeOffset(2026, 11, 21, 10, 59, 10, hour)));
        writer.Write(TestEntries.Numbered(1, new DateTimeOffset(2026, 11, 21, 10, 59, 59, hour)));
        writer.Write(TestEntries.Numbered(2, new DateTimeOffset(2026, 11, 21, 11, 0, 5, hour)));
        writer.Write(TestEntries.Numbered(3, new DateTimeOffset(2026, 11, 21, 11, 59, 59, hour)));
        writer.Write(TestEntries.Numbered(4, new DateTimeOffset(2026, 11, 21, 12, 0, 0, hour)));
        await writer.DisposeAsync();

        Assert.Equal(
            ["access.log", "access.log.20261121-110005.gz", "access.log.20261121-120000.gz"],
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([0, 1], LogFiles.ReadLines(dir.File("access.log.20261121-110005.gz")).Select(TestEntries.NumberOf));
        Assert.Equal([2, 3], LogFiles.ReadLines(dir.File("access.log.20261121-120000.gz")).Select(TestEntries.NumberOf));
        Assert.Equal([4], LogFiles.ReadLines(path).Select(TestEntries.NumberOf));
    }

    [Fact]
    public async Task Write_FirstLineLongAfterBoundary_EmptyFileIsNotRotated()
    {
        using var dir = new TempDirectory();
        var path = dir.File("access.log");
        var time = new ManualTimeProvider(At, TimeSpan.FromHours(1));
        var writer = AccessLogWriter.Open(new AccessLogSettings(true, path, null, RotationInterval.Daily, 10, Compress: true), TextWriter.Null, time);

        writer.Write(TestEntries.Numbered(0, At.AddDays(3)));
        await writer.DisposeAsync();

        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Rotate_CompressOn_ArchiveHoldsExactlyTheRotatedBytesAndNothingElseIsLeft()
    {
        using var dir = new TempDirectory();
        var path = dir.File("access.log");
        var plainDir = new TempDirectory();
        using (plainDir)
        {
            var plain = Open(plainDir.File("access.log"), maxSize: 2048, every: null, keep: 100, compress: false);
            var zipped = Open(path, maxSize: 2048, every: null, keep: 100, compress: true);
            for (var i = 0; i < 60; i++)
            {
                plain.Write(TestEntries.Numbered(i, At));
                zipped.Write(TestEntries.Numbered(i, At));
            }

            await plain.DisposeAsync();
            await zipped.DisposeAsync();

            var archives = Directory.GetFiles(dir.Path, "*.gz").Order(StringComparer.Ordinal).ToArray();
            Assert.NotEmpty(archives);
            Assert.Equal(archives.Length + 1, Directory.GetFiles(dir.Path).Length);
            foreach (var archive in archives)
            {
                var original = Path.Combine(plainDir.Path, Path.GetFileNameWithoutExtension(archive));
                Assert.Equal(File.ReadAllLines(original), LogFiles.ReadLines(archive));
            }
        }
    }

    [Fact]
    public async Task Rotate_MoreThanKeep_OnlyTheNewestKeepFilesRemain()
    {
        using var dir = new TempDirectory();
        var path = dir.File("access.log");
        var writer = Open(path, maxSize: 1024, every: null, keep: 3, compress: true);

        for (var i = 0; i < 100; i++)
        {
            writer.Write(TestEntries.Numbered(i, At));
        }

        await writer.DisposeAsync();

        Assert.Equal(3, Directory.GetFiles(dir.Path, "access.log.*.gz").Length);
        Assert.Equal(4, Directory.GetFiles(dir.Path).Length);
        var kept = LogFiles.ReadAll(dir.Path, path).Select(TestEntries.NumberOf).ToArray();
        Assert.Equal(Enumerable.Range(100 - kept.Length, kept.Length), kept);
    }

    [Fact]
    public async Task Open_AfterCrashDuringCompression_FinishesWithoutLosingTheRotatedFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("access.log");
        var interrupted = dir.File("access.log.20260101-000000");
        await File.WriteAllTextAsync(interrupted, "line before the crash\n");
        await File.WriteAllTextAsync(interrupted + ".gz.tmp", "half an archive");
        var renamed = dir.File("access.log.20260102-000000");
        await File.WriteAllTextAsync(renamed, "line compressed before the crash\n");
        await using (var gz = new System.IO.Compression.GZipStream(File.Create(renamed + ".gz"), System.IO.Compression.CompressionLevel.Fastest))
        {
            await gz.WriteAsync("line compressed before the crash\n"u8.ToArray());
        }

        var writer = Open(path, maxSize: null, every: null, keep: 10, compress: true);
        writer.Write(TestEntries.Numbered(1, At));
        await writer.DisposeAsync();

        Assert.Equal(
            ["access.log", "access.log.20260101-000000.gz", "access.log.20260102-000000.gz"],
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["line before the crash"], LogFiles.ReadLines(interrupted + ".gz"));
        Assert.Equal(["line compressed before the crash"], LogFiles.ReadLines(renamed + ".gz"));
    }

    [Fact]
    public async Task Write_FileMovedAwayByOutsideLogrotate_NewFileIsCreated()
    {
        using var dir = new TempDirectory();
        var path = dir.File("access.log");
        var writer = Open(path, maxSize: null, every: null, keep: 10, compress: false);
        writer.Write(TestEntries.Numbered(0, At));
        await WaitForAsync(() => File.Exists(path) && new FileInfo(path).Length > 0);

        File.Move(path, dir.File("access.log.1"));
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        writer.Write(TestEntries.Numbered(1, At));
        await writer.DisposeAsync();

        Assert.Equal([0], LogFiles.ReadLines(dir.File("access.log.1")).Select(TestEntries.NumberOf));
        Assert.Equal([1], LogFiles.ReadLines(path).Select(TestEntries.NumberOf));
    }

    [Fact]
    public async Task Write_FileTruncatedByOutsideCopytruncate_NextLineStartsAtTheBeginning()
    {
        using var dir = new TempDirectory();
        var path = dir.File("access.log");
        var writer = Open(path, maxSize: null, every: null, keep: 10, compress: false);
        writer.Write(TestEntries.Numbered(0, At));
        await WaitForAsync(() => File.Exists(path) && new FileInfo(path).Length > 0);

        using (new FileStream(path, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite))
        {
        }

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        writer.Write(TestEntries.Numbered(1, At));
        await writer.DisposeAsync();

        Assert.StartsWith("127.0.0.1 - - [", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.Equal([1], LogFiles.ReadLines(path).Select(TestEntries.NumberOf));
    }

    private static AccessLogWriter Open(string path, long? maxSize, RotationInterval? every, int keep, bool compress) =>
        AccessLogWriter.Open(
            new AccessLogSettings(true, path, maxSize, every, keep, compress), TextWriter.Null, new ManualTimeProvider(At, TimeSpan.FromHours(1)));

    private static async Task WaitForAsync(Func<bool> condition) =>
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(10)), "timed out waiting for the log file");
}
