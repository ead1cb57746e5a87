using System.Text;
using Microsoft.Extensions.Logging;

namespace Porch.Logging;

/// <summary>Access log on standard output (or any <see cref="TextWriter"/>), written a batch of whole lines at a time.</summary>
internal sealed partial class TextWriterSink(TextWriter output, ILogger logger) : IAccessLogSink
{
    private const int FlushThreshold = 32 * 1024;

    private char[] batch = new char[2 * FlushThreshold];
    private int used;
    private bool failing;

    public void WriteLine(ReadOnlySpan<byte> line, long utcTicks)
    {
        if (used + line.Length > batch.Length)
        {
            Flush();
            if (line.Length > batch.Length)
            {
                batch = new char[line.Length];
            }
        }

        // Lines are ASCII (the formatter escapes everything else), so widening each byte is the exact conversion.
        Ascii.ToUtf16(line, batch.AsSpan(used), out var written);
        used += written;
        if (used >= FlushThreshold)
        {
            Flush();
        }
    }

    public void Flush()
    {
        if (used == 0)
        {
            return;
        }

        try
        {
            // One string per batch: a writer shared with others (the console) gets whole lines, never half of one.
            output.Write(new string(batch, 0, used));
            output.Flush();
            failing = false;
        }
        catch (Exception e)
        {
            if (!failing)
            {
                LogOutputFailed(logger, e);
            }

            failing = true;
        }

        used = 0;
    }

    public ValueTask DisposeAsync()
    {
        Flush();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "Cannot write the access log to standard output; lines are lost until it works again")]
    private static partial void LogOutputFailed(ILogger logger, Exception exception);
}
