using System.Net;
using System.Net.Sockets;

namespace Porch.Tests.Forwarding.Smuggling;

/// <summary>
/// An upstream on raw TCP that keeps every byte each connection brings and frames them with
/// <see cref="StrictRequestParser"/>: each complete request is answered <c>200 ok</c> with a fixed length, the first
/// malformed one with 400 and a close. What it recorded is the proof of what Porch sent, byte for byte.
/// </summary>
internal sealed class RecordingBackend : IAsyncDisposable
{
    private static readonly byte[] Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray();
    private static readonly byte[] Bad = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray();

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<RecordedConnection> connections = [];
    private readonly Task accepting;

    public RecordingBackend()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public string Upstream => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>Every connection so far, in the order they were accepted.</summary>
    public IReadOnlyList<RecordedConnection> Connections
    {
        get
        {
            lock (connections)
            {
                return [.. connections];
            }
        }
    }

    /// <summary>All complete requests over all connections.</summary>
    public IReadOnlyList<ParsedRequest> Requests => [.. Connections.SelectMany(c => c.Parse().Requests)];

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            var connection = new RecordedConnection();
            lock (connections)
            {
                connections.Add(connection);
            }

            _ = Task.Run(() => ServeAsync(client, connection));
        }
    }

    private async Task ServeAsync(TcpClient client, RecordedConnection connection)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[16 * 1024];
            var answered = 0;
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, stop.Token)) > 0)
                {
                    connection.Append(buffer.AsSpan(0, read));
                    var parse = connection.Parse();
                    for (; answered < parse.Requests.Count; answered++)
                    {
                        await stream.WriteAsync(Ok, stop.Token);
                    }

                    if (parse.Error is not null)
                    {
                        await stream.WriteAsync(Bad, stop.Token);
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
            finally
            {
                connection.Close();
            }
        }
    }
}
