using System.Net.Security;
using System.Net.Sockets;

namespace Porch.Tunnel.Client;

/// <summary>One connection to the local app: its bytes, and a way to end only the direction toward the app.</summary>
internal sealed class AppConnection(Socket socket, Stream stream) : IAsyncDisposable
{
    public Stream Stream => stream;

    /// <summary>
    /// Tells the app no more bytes are coming (TCP FIN, RFC 9293 §3.6) while its answer can still arrive; over TLS the
    /// close_notify alert first (RFC 8446 §6.1).
    /// </summary>
    public async ValueTask CompleteWritesAsync()
    {
        if (stream is SslStream tls)
        {
            await tls.ShutdownAsync();
        }

        socket.Shutdown(SocketShutdown.Send);
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync();
        socket.Dispose();
    }
}
