using System.Net.Sockets;
using System.Text;

namespace Porch.Tests.StaticFiles;

/// <summary>
/// Sends a request line byte for byte over a TCP socket. HttpClient (like any URI parser) normalises dot-segments
/// and escapes, so traversal forms must be written raw to reach the server as an attacker would send them.
/// </summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Response)> GetAsync(int port, string target, string method = "GET")
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cancel.Token);
        var stream = client.GetStream();
        var request = Encoding.Latin1.GetBytes($"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request, cancel.Token);
        using var response = new MemoryStream();
        await stream.CopyToAsync(response, cancel.Token);
        var text = Encoding.Latin1.GetString(response.ToArray());
        var statusLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        return (int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), text);
    }
}
