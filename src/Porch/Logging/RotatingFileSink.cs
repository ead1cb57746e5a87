using Microsoft.Extensions.Logging;

namespace Porch.Logging;

/// <summary>
/// The access log as a file, rotated like logrotate with <c>size</c>/<c>hourly</c>…<c>monthly</c>, <c>rotate N</c>,
/// <c>compress</c> and <c>dateext</c>, but from inside the writer so no line is lost or split:
/// <list type="number">
/// <item>Lines are buffered and written in batches: when the queue empties, at 64 KB, or after a second.</item>
/// <item>Before a line that would take the file past <c>maxSize</c>, or the first line stamped at or after the
/// next scheduled boundary, the buffer is written, the file closed and renamed (see <see cref="RotatedFiles"/>),
/// and a new file opened; the line goes into the new file.</item>
/// <item>Compression and retention of the rotated file happen in the background.</item>
/// <item>At most once a second, before writing, the path is checked: if the file was deleted, moved or truncated
/// by someone else (an outside logrotate, with or without <c>copytruncate</c>), it is reopened. So no signal is
/// needed after an outside rotation.</item>
/// </list>
/// A line belongs to the period its request started in, so a request that began just before a boundary and ended
/// after the rotation lands in the new file. An empty file is never rotated (logrotate's <c>notifempty</c>). A failure to open or write is logged once; the
/// lines of the failed batches are counted as lost and the count is logged when writing works again.
/// </summary>
internal sealed partial class RotatingFileSink : IAccessLogSink
{
    private const int FlushThreshold = 64 * 1024;
    private const long FlushIntervalMs = 1000;
    private const long ReplacedCheckIntervalMs = 1000;

    private readonly string path;
    private readonly long maxSize;
    private readonly RotationInterval? every;
    private readonly TimeZoneInfo zone;
    private readonly RotatedFiles rotated;
    private readonly ILogger logger;
    private byte[] buffer = new byte[2 * FlushThreshold];
    private int used;
    private int usedLines;
    private FileStream? file;
    private long size;
    private long nextRotation;
    private long lastFlush = Environment.TickCount64;
    private long lastReplacedCheck;
    private bool recoveryScheduled;
    private bool failing;
    private long lost;

    public RotatingFileSink(AccessLogSettings settings, TimeProvider time, ILogger logger)
    {
        path = settings.FilePath ?? throw new ArgumentException("A file sink needs a path.", nameof(settings));
        maxSize = settings.MaxSize ?? long.MaxValue;
        every = settings.Every;
        zone = time.LocalTimeZone;
        this.logger = logger;
        rotated = new RotatedFiles(path, settings.Keep, settings.Compress, logger);
        nextRotation = every is { } interval ? RotationSchedule.Next(interval, time.GetUtcNow(), zone).UtcTicks : long.MaxValue;
    }

    public void WriteLine(ReadOnlySpan<byte> line, long utcTicks)
    {
        if (utcTicks >= nextRotation || (size + used + line.Length > maxSize && size + used > 0))
        {
            Rotate(utcTicks);
        }

        if (used + line.Length > buffer.Length)
        {
            Flush();
            if (line.Length > buffer.Length)
            {
                buffer = new byte[line.Length];
            }
        }

        line.CopyTo(buffer.AsSpan(used));
        used += line.Length;
        usedLines++;
        if (used >= FlushThreshold || Environment.TickCount64 - lastFlush >= FlushIntervalMs)
        {
            Flush();
        }
    }

    public void Flush()
    {
        lastFlush = Environment.TickCount64;
        if (file is null ? !Open() : !ReopenIfReplaced())
        {
            Lose();
            return;
        }

        if (used == 0)
        {
            return;
        }

        try
        {
            file!.Write(buffer, 0, used);
            size += used;
            if (failing)
            {
                failing = false;
                LogWritingAgain(logger, path, lost);
                lost = 0;
            }
        }
        catch (Exception e)
        {
            Fail(e);
            Lose();
            Close();
        }

        used = 0;
        usedLines = 0;
    }

    public async ValueTask DisposeAsync()
    {
        Flush();
        Close();
        await rotated.WhenIdle;
        if (lost > 0)
        {
            LogLostAtClose(logger, path, lost);
        }
    }

    private void Rotate(long utcTicks)
    {
        Flush();
        var at = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        if (every is { } interval)
        {
            nextRotation = RotationSchedule.Next(interval, at, zone).UtcTicks;
        }

        if (file is null || size == 0)
        {
            return;
        }

        Close();
        var target = rotated.NameFor(TimeZoneInfo.ConvertTime(at, zone));
        var moved = false;
        try
        {
            File.Move(path, target);
            moved = true;
            rotated.Rotated(target);
        }
        catch (FileNotFoundException)
        {
            // Moved away by someone else since the last check: the new file starts now either way.
        }
        catch (Exception e)
        {
            LogRotateFailed(logger, path, target, e);
        }

        if (Open() && !moved)
        {
            // Keep appending to the file that would not move; try again after another maxSize bytes, not every line.
            size = 0;
        }
    }

    private bool Open()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                // Others may read (tail -f), rename or delete it (logrotate) while it is open.
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
            });
            size = file.Length;
            lastReplacedCheck = Environment.TickCount64;
            if (!recoveryScheduled)
            {
                recoveryScheduled = true;
                rotated.Recover();
            }

            return true;
        }
        catch (Exception e)
        {
            Fail(e);
            return false;
        }
    }

    /// <summary>Reopens the path if the open file is no longer there, or is shorter than what was written to it.</summary>
    private bool ReopenIfReplaced()
    {
        var now = Environment.TickCount64;
        if (now - lastReplacedCheck < ReplacedCheckIntervalMs)
        {
            return true;
        }

        lastReplacedCheck = now;
        var current = new FileInfo(path);
        if (current.Exists && current.Length >= size)
        {
            return true;
        }

        LogReopening(logger, path);
        Close();
        return Open();
    }

    private void Close()
    {
        try
        {
            file?.Dispose();
        }
        catch (Exception e)
        {
            Fail(e);
        }

        file = null;
    }

    private void Lose()
    {
        lost += usedLines;
        used = 0;
        usedLines = 0;
    }

    private void Fail(Exception e)
    {
        if (!failing)
        {
            LogWriteFailed(logger, path, e);
        }

        failing = true;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Cannot write the access log {Path}; lines are lost until it works again")]
    private static partial void LogWriteFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Writing the access log {Path} again; {Lost} line(s) were lost")]
    private static partial void LogWritingAgain(ILogger logger, string path, long lost);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Cannot rotate the access log {Path} to {Target}; still appending to it")]
    private static partial void LogRotateFailed(ILogger logger, string path, string target, Exception exception);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Access log {Path} was moved, deleted or truncated by another program; reopened it")]
    private static partial void LogReopening(ILogger logger, string path);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Closed the access log {Path}; {Lost} line(s) could not be written")]
    private static partial void LogLostAtClose(ILogger logger, string path, long lost);
}
