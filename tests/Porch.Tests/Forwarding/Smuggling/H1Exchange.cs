using System.Net.Sockets;
using Porch.Tests.Support;

namespace Porch.Tests.Forwarding.Smuggling;

/// <summary>What a raw HTTP/1.1 client got back for bytes it sent in one go: every response, then whether Porch closed.</summary>
internal sealed record H1Exchange(IReadOnlyList<RawResponse> Responses, bool Closed)
{
    /// <summary>The first response may take its time on a busy machine; a further one only has to beat this.</summary>
    private static readonly TimeSpan First = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Sends <paramref name="request"/> (Latin-1, byte for byte) and reads responses until Porch closes the connection
    /// or has sent nothing for <paramref name="quiet"/>.
    /// </summary>
    public static async Task<H1Exchange> RunAsync(int port, string request, TimeSpan quiet)
    {
        using var connection = await RawHttpConnection.ConnectAsync(port);
        await connection.SendAsync(request);
        var responses = new List<RawResponse>();
        while (true)
        {
            try
            {
                responses.Add(await connection.ReadResponseAsync(timeout: responses.Count == 0 ? First : quiet));
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                return new H1Exchange(responses, Closed: true);
            }
            catch (OperationCanceledException)
            {
                return new H1Exchange(responses, Closed: false);
            }
        }
    }

    public override string ToString() =>
        $"[{string.Join(", ", Responses.Select(r => $"{r.Status} {r.Text.Length}B"))}]{(Closed ? " closed" : " open")}";
}
