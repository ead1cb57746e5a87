namespace Porch.Logging;

/// <summary>
/// Where formatted lines go: standard output, or a rotating file. Used only by the <see cref="AccessLogWriter"/>'s
/// single background task, so implementations need no locking and may block on I/O.
/// </summary>
internal interface IAccessLogSink : IAsyncDisposable
{
    /// <summary>Takes one complete line (ending in <c>\n</c>) of a request that arrived at <paramref name="utcTicks"/>.
    /// The line is copied; a sink may buffer it, and may rotate before it but never splits it.</summary>
    void WriteLine(ReadOnlySpan<byte> line, long utcTicks);

    /// <summary>Writes what is buffered. Errors are logged, never thrown.</summary>
    void Flush();
}
