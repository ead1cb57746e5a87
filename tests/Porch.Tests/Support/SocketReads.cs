using System.Net.Sockets;

namespace Porch.Tests.Support;

internal static class SocketReads
{
    /// <summary>Receives until <paramref name="buffer"/> is full; false when the peer closes first.</summary>
    public static async Task<bool> ReceiveExactlyAsync(this Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
