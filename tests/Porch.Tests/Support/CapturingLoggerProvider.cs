using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Porch.Tests.Support;

/// <summary>
/// Keeps every log entry written through it (level, category, event ID, formatted message), so a test can assert
/// what the code under test told the operator, or wait for an entry that is written after the response.
/// </summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> entries = new();

    public IReadOnlyCollection<Entry> Entries => entries;

    /// <summary>A factory whose loggers all write here, from <paramref name="minimum"/> up.</summary>
    public ILoggerFactory CreateFactory(LogLevel minimum = LogLevel.Trace) =>
        LoggerFactory.Create(builder => builder.AddProvider(this).SetMinimumLevel(minimum));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The first entry that matches, polled until <paramref name="timeout"/>; throws with the log so far.</summary>
    public async Task<Entry> WaitForAsync(Func<Entry, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (entries.FirstOrDefault(match) is { } entry)
            {
                return entry;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No matching log entry. Log so far:\n" + string.Join('\n', entries));
    }

    public void Dispose()
    {
    }

    public sealed record Entry(LogLevel Level, string Category, int EventId, string Message)
    {
        public override string ToString() => $"{Level} {Category}[{EventId}] {Message}";
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.entries.Enqueue(new Entry(logLevel, category, eventId.Id, formatter(state, exception)));
    }
}
