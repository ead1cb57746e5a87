using System.Threading.Channels;

namespace Porch.Logging;

/// <summary>
/// Queues access-log lines and writes them on a background task, so a request never waits on disk I/O.
/// (Placeholder sink: standard output only; file sink and rotation arrive with the logging work.)
/// </summary>
internal sealed class AccessLogWriter : IAsyncDisposable
{
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions());
    private readonly TextWriter output;
    private readonly Task pump;

    private AccessLogWriter(TextWriter output)
    {
        this.output = output;
        pump = Task.Run(PumpAsync);
    }

    public bool Enabled { get; private init; }

    public static AccessLogWriter Open(AccessLogSettings settings, TextWriter console, TimeProvider time) =>
        new(console) { Enabled = settings.Enabled };

    public void Write(string line) => lines.Writer.TryWrite(line);

    public async ValueTask DisposeAsync()
    {
        lines.Writer.TryComplete();
        await pump;
    }

    private async Task PumpAsync()
    {
        await foreach (var line in lines.Reader.ReadAllAsync())
        {
            await output.WriteLineAsync(line);
            if (lines.Reader.Count == 0)
            {
                await output.FlushAsync();
            }
        }
    }
}
