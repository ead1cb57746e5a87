using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Porch.Wire.Htcpcp;

namespace Porch.Coffee.Web;

/// <summary>
/// Talks HTCPCP to a pot over TCP, one connection per request as the protocol does: write the request, read until
/// the pot closes. Failures are values (<see cref="PotExchange.Error"/>), never exceptions, so a page can explain them.
/// </summary>
internal sealed class PotClient(PotAddress address, ILogger logger)
{
    /// <summary>A pot answers at once; one that takes longer than this is treated as down.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>A reply is a few hundred bytes; more than this is not a coffee pot.</summary>
    private const int MaxReplyBytes = 64 * 1024;

    public PotAddress Address => address;

    public async Task<PotExchange> SendAsync(string method, string target, IEnumerable<HtcpcpHeader> headers, string body, CancellationToken cancellationToken)
    {
        var request = HtcpcpRequestWriter.Encode(method, target, headers, body);
        var requestText = Encoding.UTF8.GetString(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(address.Host, address.Port, timeout.Token);
            await socket.SendAsync(request, SocketFlags.None, timeout.Token);
            var reply = await ReadToCloseAsync(socket, timeout.Token);
            var response = HtcpcpResponseParser.Parse(reply, out var parseError);
            var replyText = Encoding.UTF8.GetString(reply);
            return response is null
                ? Failed(requestText, replyText, $"the pot's reply could not be read: {parseError}")
                : new PotExchange(requestText, replyText, response, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(requestText, "", $"no reply within {Timeout.TotalSeconds:0} s");
        }
        catch (SocketException e)
        {
            return Failed(requestText, "", e.Message);
        }
    }

    private static async Task<byte[]> ReadToCloseAsync(Socket socket, CancellationToken cancellationToken)
    {
        var reply = new MemoryStream();
        var buffer = new byte[4096];
        while (reply.Length < MaxReplyBytes)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                break;
            }

            reply.Write(buffer, 0, read);
        }

        return reply.ToArray();
    }

    private PotExchange Failed(string requestText, string replyText, string error)
    {
        CoffeeLog.PotUnreachable(logger, address.ToString(), error);
        return new PotExchange(requestText, replyText, null, error);
    }
}
