using System.Numerics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Porch.Logging;

/// <summary>
/// Takes access-log entries from requests and writes them on one background task, so a request never waits on
/// formatting or disk I/O.
/// <list type="number">
/// <item><see cref="Write"/> puts the entry (a struct of references) on an unbounded channel; the request moves on.</item>
/// <item>The background task drains everything queued, formats each entry into a reused buffer and passes the line
/// to the sink (standard output, or a <see cref="RotatingFileSink"/>), flushes the sink once the queue is empty, and
/// pauses 10 ms so that under load one write carries many lines. The sink rotates between lines, so every line lands
/// whole in exactly one file.</item>
/// <item>Memory is bounded by <see cref="QueueBudgetBytes"/>: if the disk stalls, entries queue up to that much
/// memory (about 100,000 typical lines), then new lines are dropped and counted, and the count is logged to
/// standard error once the writer catches up. Requests are never slowed down to protect the log.</item>
/// <item>On reload, the next writer takes over from this one (<see cref="Open"/> with <c>previous</c>): it opens the
/// file only after this one has written and closed it (and finished compressing, so the two never tidy the same
/// folder at once), and the lines of requests that were still running when this one closed are passed on to it
/// rather than lost. Its own lines wait in its queue meanwhile.</item>
/// </list>
/// </summary>
internal sealed partial class AccessLogWriter : IAsyncDisposable
{
    /// <summary>Most memory queued entries may keep alive (see <see cref="AccessLogEntry.QueueCost"/>).</summary>
    public const long QueueBudgetBytes = 16L * 1024 * 1024;

    /// <summary>Pause after each write so the next one carries a batch.</summary>
    private static readonly TimeSpan BatchPause = TimeSpan.FromMilliseconds(10);

    /// <summary>Queue memory is given back in steps of this much while draining, not per line.</summary>
    private const long ReleaseStep = 256 * 1024;

    private readonly Channel<AccessLogEntry> queue =
        Channel.CreateUnbounded<AccessLogEntry>(new UnboundedChannelOptions { SingleReader = true });

    private readonly IAccessLogSink? sink;
    private readonly TimeZoneInfo zone;
    private readonly ILogger logger;
    private readonly Task pump;
    private AccessLogWriter? successor;
    private long queuedBytes;
    private long dropped;

    private AccessLogWriter(IAccessLogSink? sink, TimeZoneInfo zone, ILogger logger, AccessLogWriter? previous)
    {
        this.sink = sink;
        this.zone = zone;
        this.logger = logger;
        var previousDone = previous?.pump ?? Task.CompletedTask;
        pump = sink is null ? previousDone : Task.Run(() => PumpAsync(sink, previousDone));
        if (previous is not null)
        {
            Volatile.Write(ref previous.successor, this);
        }
    }

    /// <summary>False when the log is off: the middleware then skips even capturing the entry.</summary>
    public bool Enabled => sink is not null;

    /// <summary>
    /// Starts a writer for <paramref name="settings"/>. Pass the writer being replaced as <paramref name="previous"/>
    /// (then dispose it) so no line is lost or interleaved across a reload.
    /// </summary>
    public static AccessLogWriter Open(
        AccessLogSettings settings, TextWriter console, TimeProvider time, ILogger? logger = null, AccessLogWriter? previous = null)
    {
        logger ??= NullLogger.Instance;
        IAccessLogSink? sink = !settings.Enabled ? null
            : settings.FilePath is null ? new TextWriterSink(console, logger)
            : new RotatingFileSink(settings, time, logger);
        return new AccessLogWriter(sink, time.LocalTimeZone, logger, previous);
    }

    public void Write(in AccessLogEntry entry)
    {
        if (sink is null)
        {
            return;
        }

        var cost = entry.QueueCost;
        if (Interlocked.Add(ref queuedBytes, cost) > QueueBudgetBytes)
        {
            Interlocked.Add(ref queuedBytes, -cost);
            Interlocked.Increment(ref dropped);
            return;
        }

        if (!queue.Writer.TryWrite(entry))
        {
            // Closed by a reload while this request ran: the line goes to the writer that replaced this one.
            Interlocked.Add(ref queuedBytes, -cost);
            Volatile.Read(ref successor)?.Write(entry);
        }
    }

    /// <summary>Writes every queued line, closes the sink and waits for its background work (compression).</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await pump;
    }

    private async Task PumpAsync(IAccessLogSink sink, Task previousDone)
    {
        await previousDone;
        var reader = queue.Reader;
        var line = new byte[4096];
        sink.Flush();
        while (await reader.WaitToReadAsync())
        {
            long released = 0;
            try
            {
                while (reader.TryRead(out var entry))
                {
                    released += entry.QueueCost;
                    var maxLength = AccessLogFormatter.MaxLength(entry);
                    if (maxLength > line.Length)
                    {
                        line = new byte[BitOperations.RoundUpToPowerOf2((uint)maxLength)];
                    }

                    var length = AccessLogFormatter.Format(entry, zone, line);
                    sink.WriteLine(line.AsSpan(0, length), entry.UtcTicks);
                    if (released >= ReleaseStep)
                    {
                        Interlocked.Add(ref queuedBytes, -released);
                        released = 0;
                    }
                }

                sink.Flush();
            }
            catch (Exception e)
            {
                LogWriterFailed(logger, e);
            }

            Interlocked.Add(ref queuedBytes, -released);
            ReportDropped();

            // Let lines gather before the next write: under load one write (and one wake-up of this task) carries
            // the lines of many requests instead of a few. A line still reaches the sink within this pause.
            await Task.Delay(BatchPause);
        }

        await sink.DisposeAsync();
        ReportDropped();
    }

    private void ReportDropped()
    {
        var count = Interlocked.Exchange(ref dropped, 0);
        if (count > 0)
        {
            LogDropped(logger, count, QueueBudgetBytes / (1024 * 1024));
        }
    }

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning,
        Message = "Dropped {Count} access log line(s): the log output fell behind by more than {BudgetMiB} MiB of queued lines")]
    private static partial void LogDropped(ILogger logger, long count, long budgetMiB);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Error, Message = "Access log writer failed on a batch; continuing with the next")]
    private static partial void LogWriterFailed(ILogger logger, Exception exception);
}
