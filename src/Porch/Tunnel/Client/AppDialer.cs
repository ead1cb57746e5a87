using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Porch.Tunnel.Client;

/// <summary>
/// Connects to the app behind the tunnel for each stream the relay opens: TCP to the target's host and port, and TLS
/// (validated as any client would) when the target is https://. Failures are values with a line for the 502 page.
/// </summary>
internal sealed class AppDialer(Uri target, TimeSpan connectTimeout)
{
    private readonly string endpoint = $"{target.Host}:{target.Port}";

    /// <summary>The connection, or null and a failure saying why in the relay's 502 page words.</summary>
    /// <param name="raw">A public TCP connection's bytes: no TLS of this client's own, whatever the target's scheme (the public client speaks for itself).</param>
    /// <param name="cancellationToken">Ends the attempt.</param>
    public async Task<(AppConnection? Connection, string? Failure)> DialAsync(bool raw, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(target.IdnHost, target.Port), timeout.Token);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (!raw && target.Scheme == Uri.UriSchemeHttps)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = target.IdnHost,
                        // The relay's forwarder speaks HTTP/1.1 inside https targets (the hello says scheme http).
                        ApplicationProtocols = [SslApplicationProtocol.Http11],
                    },
                    timeout.Token);
            }

            return (new AppConnection(socket, stream), null);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return (null, e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"connection refused to {endpoint}",
                SocketError.HostNotFound or SocketError.NoData => $"host {target.Host} not found",
                _ => $"could not connect to {endpoint} ({e.Message})",
            });
        }
        catch (AuthenticationException e)
        {
            socket.Dispose();
            return (null, $"TLS handshake with {endpoint} failed ({e.Message})");
        }
        catch (IOException e)
        {
            socket.Dispose();
            return (null, $"connection to {endpoint} failed ({e.Message})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return (null, $"{endpoint} did not answer within {connectTimeout.TotalSeconds:0} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
