using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace Porch.Hosting;

/// <summary>The HTTP/2 endpoint's "socket": it accepts the connections the preface middleware hands over.</summary>
internal sealed class H2cListener(EndPoint endPoint) : IConnectionListener
{
    private readonly Channel<H2cConnection> queue = Channel.CreateUnbounded<H2cConnection>(new UnboundedChannelOptions { SingleReader = true });

    public EndPoint EndPoint => endPoint;

    /// <summary>False once the endpoint is unbound (the server is stopping).</summary>
    public bool TryEnqueue(H2cConnection connection) => queue.Writer.TryWrite(connection);

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await queue.Reader.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
        {
            // Null tells Kestrel's accept loop that the listener is unbound.
            return null;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        queue.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        // Connections queued but never accepted go back to their listener's middleware, which closes them.
        while (queue.Reader.TryRead(out var connection))
        {
            await connection.DisposeAsync();
        }
    }
}
