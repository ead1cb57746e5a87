using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Porch.Tests.Logging;

/// <summary>Keeps every message logged, to assert on what Porch tells the operator.</summary>
internal sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<(EventId Id, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((eventId, formatter(state, exception)));
}
