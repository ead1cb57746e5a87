using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Porch.Tests.Hosting;

/// <summary>Keeps every log entry of a server under test, so a test can wait for one and read it whole.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> entries = new();

    public IReadOnlyCollection<Entry> Entries => entries;

    public static ILoggerFactory Factory(out CapturingLoggerProvider provider)
    {
        var capture = provider = new CapturingLoggerProvider();
        return LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

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
