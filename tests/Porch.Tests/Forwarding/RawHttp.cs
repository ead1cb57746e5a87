using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Porch.Tests.Forwarding;

/// <summary>
/// HTTP/1.1 by hand, for the tests where exact bytes matter (headers HttpClient would add or drop, a target it
/// would normalize, a backend that misbehaves on purpose).
/// </summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> as written and reads one response with a Content-Length body.</summary>
    public static async Task<RawResponse> ExchangeAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = await ReadHeadAsync(stream);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .GroupBy(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g), StringComparer.OrdinalIgnoreCase);
        var length = int.Parse(headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return new RawResponse(status, headers, Encoding.UTF8.GetString(body));
    }

    /// <summary>Reads a message head up to and including the blank line; returns it without the final CRLFs.</summary>
    public static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("connection closed inside a message head");
            }

            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. head])[..^4];
    }

    internal sealed record RawResponse(int Status, Dictionary<string, string> Headers, string Body);
}
