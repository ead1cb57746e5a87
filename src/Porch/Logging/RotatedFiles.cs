using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Porch.Logging;

/// <summary>
/// The rotated siblings of a log file, named like logrotate's <c>dateext</c>: <c>access.log.20261121-110200</c>,
/// <c>access.log.20261121-110200_001</c> for a second rotation in the same second, and <c>.gz</c> once compressed.
/// Names sort by age. Compression and retention run in order on one background chain, never on the writer.
/// </summary>
/// <remarks>
/// Compression is crash-safe: the archive is written as <c>.gz.tmp</c>, flushed to disk, renamed to <c>.gz</c>, and
/// only then is the rotated file deleted. Whatever the moment of a crash, the rotated lines exist in full in one of the
/// two; <see cref="Recover"/> finishes the job on the next start. Stamps are local time, as the lines inside are: in the
/// hour the clock goes back, names of that hour may sort out of order.
/// </remarks>
internal sealed partial class RotatedFiles(string path, int keep, bool compress, ILogger logger)
{
    private const string GzipSuffix = ".gz";
    private const string TempSuffix = ".gz.tmp";

    private readonly string directory = Path.GetDirectoryName(path)!;
    private readonly string prefix = Path.GetFileName(path) + ".";
    private Task work = Task.CompletedTask;

    /// <summary>Completes when every compression and clean-up scheduled so far is done.</summary>
    public Task WhenIdle => work;

    /// <summary>A name for a file rotated at <paramref name="localTime"/> that no rotated file, archive or temporary
    /// archive has.</summary>
    public string NameFor(DateTimeOffset localTime)
    {
        var stamped = path + "." + localTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var name = stamped;
        for (var n = 1; File.Exists(name) || File.Exists(name + GzipSuffix) || File.Exists(name + TempSuffix); n++)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{stamped}_{n:D3}");
        }

        return name;
    }

    /// <summary>After a rotation: compress <paramref name="rotated"/> if asked, then keep only the newest files.</summary>
    public void Rotated(string rotated) => Enqueue(() =>
    {
        if (compress)
        {
            Compress(rotated);
        }

        Prune();
    });

    /// <summary>On open: finish what a crash interrupted, compress what was left plain, and apply retention.</summary>
    public void Recover() => Enqueue(() =>
    {
        foreach (var group in Scan())
        {
            if (group.Temp is not null)
            {
                File.Delete(group.Temp);
            }

            if (group.Plain is not null && group.Gzip is not null)
            {
                // The archive was renamed into place only after it was complete on disk.
                File.Delete(group.Plain);
            }
            else if (group.Plain is not null && compress)
            {
                Compress(group.Plain);
            }
        }

        Prune();
    });

    private void Enqueue(Action action) =>
        work = work.ContinueWith(_ => Run(action), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    private void Run(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            LogHousekeepingFailed(logger, path, e);
        }
    }

    private static void Compress(string rotated)
    {
        var archive = rotated + GzipSuffix;
        var temp = rotated + TempSuffix;
        using (var input = new FileStream(rotated, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan))
        using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        {
            using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            {
                input.CopyTo(gzip);
            }

            output.Flush(flushToDisk: true);
        }

        // As gzip does: the archive keeps the time of the last line.
        File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(rotated));
        File.Move(temp, archive, overwrite: true);
        File.Delete(rotated);
    }

    /// <summary>logrotate's <c>rotate N</c>: delete every rotated file older than the newest <c>keep</c>.</summary>
    private void Prune()
    {
        foreach (var group in Scan().OrderByDescending(g => g.Stamp, StringComparer.Ordinal).ThenByDescending(g => g.Counter).Skip(keep))
        {
            foreach (var file in (ReadOnlySpan<string?>)[group.Plain, group.Gzip, group.Temp])
            {
                if (file is not null)
                {
                    File.Delete(file);
                }
            }
        }
    }

    private Dictionary<string, RotatedGroup>.ValueCollection Scan()
    {
        var groups = new Dictionary<string, RotatedGroup>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return groups.Values;
        }

        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(file);
            var match = name.StartsWith(prefix, StringComparison.Ordinal) ? RotatedName().Match(name, prefix.Length) : Match.Empty;
            if (!match.Success)
            {
                continue;
            }

            var key = name[..(match.Groups["ext"].Success ? match.Groups["ext"].Index : name.Length)];
            if (!groups.TryGetValue(key, out var group))
            {
                var counter = match.Groups["n"].Success ? int.Parse(match.Groups["n"].ValueSpan, CultureInfo.InvariantCulture) : 0;
                groups[key] = group = new RotatedGroup(match.Groups["stamp"].Value, counter);
            }

            switch (match.Groups["ext"].Value)
            {
                case GzipSuffix:
                    group.Gzip = file;
                    break;
                case TempSuffix:
                    group.Temp = file;
                    break;
                default:
                    group.Plain = file;
                    break;
            }
        }

        return groups.Values;
    }

    [GeneratedRegex(@"\G(?<stamp>[0-9]{8}-[0-9]{6})(?:_(?<n>[0-9]{1,9}))?(?<ext>\.gz|\.gz\.tmp)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RotatedName();

    [LoggerMessage(EventId = 2020, Level = LogLevel.Error, Message = "Access log housekeeping (compression, retention) for {Path} failed")]
    private static partial void LogHousekeepingFailed(ILogger logger, string path, Exception exception);
}
