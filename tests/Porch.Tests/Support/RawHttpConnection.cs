using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Porch.Tests.Support;

/// <summary>
/// An HTTP/1.1 client on a bare socket: one connection the test controls byte by byte (keep-alive across reloads,
/// slow senders, slow readers, request targets HttpClient would normalise), with just enough parsing to read a
/// response (Content-Length or chunked). Text goes over the wire as Latin-1, so every char is exactly one byte.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private readonly Socket socket;
    private readonly byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private long bodyBytesRead;

    private RawHttpConnection(Socket socket) => this.socket = socket;

    /// <summary>Body bytes read so far by the response being read (for a test that acts while a body is in flight).</summary>
    public long BodyBytesRead => Interlocked.Read(ref bodyBytesRead);

    public static async Task<RawHttpConnection> ConnectAsync(int port, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        return new RawHttpConnection(socket);
    }

    /// <summary>Connects from a chosen loopback address (any of 127/8), so a test can be a trusted or an untrusted peer.</summary>
    public static async Task<RawHttpConnection> ConnectFromAsync(IPAddress from, int port, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(from, 0));
        await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        return new RawHttpConnection(socket);
    }

    /// <summary>Sends <paramref name="request"/> exactly as written (headers HttpClient would add, drop or fix) and reads one response.</summary>
    public static async Task<RawResponse> ExchangeAsync(int port, string request)
    {
        using var connection = await ConnectAsync(port);
        await connection.SendAsync(request);
        return await connection.ReadResponseAsync();
    }

    /// <summary>
    /// Sends one request with <paramref name="target"/> byte for byte (HttpClient, like any URI parser, normalises
    /// dot-segments and escapes, so traversal forms must be written raw to reach the server as an attacker sends
    /// them) and <c>Connection: close</c>; returns the status and everything the server sent before closing.
    /// </summary>
    public static async Task<(int Status, string Response)> ExchangeUntilCloseAsync(int port, string target, string method = "GET")
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var connection = await ConnectAsync(port, cancel.Token);
        await connection.SendAsync($"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", cancel.Token);
        var received = new StringBuilder();
        await connection.ReceiveUntilCloseAsync(received, cancel.Token);
        var text = received.ToString();
        var statusLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        return (int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture), text);
    }

    public Task SendAsync(string text, CancellationToken cancellationToken = default) => SendAsync(Encoding.Latin1.GetBytes(text), cancellationToken);

    public async Task SendAsync(byte[] bytes, CancellationToken cancellationToken = default) => await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);

    public async Task<RawResponse> GetAsync(string path)
    {
        await SendAsync($"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        return await ReadResponseAsync();
    }

    /// <summary>Reads one response. <paramref name="bodyBytesPerSecond"/> makes this a slow reader.</summary>
    public async Task<RawResponse> ReadResponseAsync(double? bodyBytesPerSecond = null, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var head = await ReadHeadAsync(cancel.Token);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        Interlocked.Exchange(ref bodyBytesRead, 0);
        var body = new MemoryStream();
        var pace = new Pace(bodyBytesPerSecond);
        if (headers.TryGetValue("Content-Length", out var length))
        {
            await ReadBodyAsync(body, long.Parse(length, CultureInfo.InvariantCulture), pace, cancel.Token);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var coding) && coding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            long size;
            while ((size = long.Parse(await ReadLineAsync(cancel.Token), NumberStyles.HexNumber, CultureInfo.InvariantCulture)) > 0)
            {
                await ReadBodyAsync(body, size, pace, cancel.Token);
                await ReadLineAsync(cancel.Token);
            }

            while ((await ReadLineAsync(cancel.Token)).Length > 0)
            {
            }
        }

        return new RawResponse(status, headers, body.ToArray());
    }

    /// <summary>Waits until the server closes the connection; returns what it sent first, or null when still open at the deadline.</summary>
    public async Task<string?> WaitForCloseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var received = new StringBuilder();
        try
        {
            await ReceiveUntilCloseAsync(received, cancel.Token);
            return received.ToString();
        }
        catch (SocketException)
        {
            return received.ToString();
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Half-closes the connection: the server reads end of input, the client can still read.</summary>
    public void ShutdownSend() => socket.Shutdown(SocketShutdown.Send);

    public void Dispose() => socket.Dispose();

    /// <summary>Appends what is buffered, then every byte received until the server closes its side.</summary>
    private async Task ReceiveUntilCloseAsync(StringBuilder received, CancellationToken cancellationToken)
    {
        received.Append(Encoding.Latin1.GetString(buffer, start, end - start));
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
        {
            received.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }
    }

    private async Task<string> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        string line;
        while ((line = await ReadLineAsync(cancellationToken)).Length > 0)
        {
            head.Append(line).Append("\r\n");
        }

        return head.ToString().TrimEnd();
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (start == end)
            {
                await FillAsync(cancellationToken);
            }

            var c = (char)buffer[start++];
            if (c == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append(c);
        }
    }

    private async Task ReadBodyAsync(MemoryStream body, long count, Pace pace, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (start == end)
            {
                await pace.WaitAsync(BodyBytesRead, cancellationToken);
                await FillAsync(cancellationToken);
            }

            var n = (int)Math.Min(count, end - start);
            body.Write(buffer, start, n);
            start += n;
            count -= n;
            Interlocked.Add(ref bodyBytesRead, n);
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        start = 0;
        end = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        if (end == 0)
        {
            throw new IOException("The server closed the connection in the middle of a response.");
        }
    }

    /// <summary>Keeps a reader at or under a byte rate, whatever sizes the socket reads come in.</summary>
    private sealed class Pace(double? bytesPerSecond)
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();

        public Task WaitAsync(long done, CancellationToken cancellationToken)
        {
            if (bytesPerSecond is not { } rate)
            {
                return Task.CompletedTask;
            }

            var ahead = TimeSpan.FromSeconds(done / rate) - clock.Elapsed;
            return ahead > TimeSpan.Zero ? Task.Delay(ahead, cancellationToken) : Task.CompletedTask;
        }
    }
}
