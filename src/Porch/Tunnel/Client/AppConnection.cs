using System.Net.Security;
using System.Net.Sockets;

namespace Porch.Tunnel.Client;

/// <summary>One connection to the local app: its bytes, and a way to end only the direction toward the app.</summary>
internal sealed class AppConnection(Socket socket, Stream stream) : IAsyncDisposable
{
    public Stream Stream => stream;

    /// <summary>
    /// Whether more of the app's bytes already wait in the kernel, so the next read returns at once. Over TLS the
    /// stream may also hold decrypted bytes this does not see: then it says no, which only costs an early flush.
    /// </summary>
    public bool HasPendingBytes => socket.Available > 0;

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
