using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Porch.Acme;

namespace Porch.Interop.Tests.Acme;

/// <summary>
/// A stand-in for the TLS listener's TLS-ALPN-01 step on the port pebble validates: for a name with a pending
/// challenge it presents the certificate from <see cref="AcmeChallengeResponses.TlsAlpn01"/> with "acme-tls/1" as
/// the only protocol (RFC 8737 §3), then closes. It proves the challenge certificate satisfies a real validator.
/// </summary>
internal sealed class AlpnChallengeServer : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public AlpnChallengeServer(int port, AcmeChallengeResponses responses)
    {
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                _ = Task.Run(() => AnswerAsync(client, responses));
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    private static async Task AnswerAsync(TcpClient client, AcmeChallengeResponses responses)
    {
        using (client)
        {
            try
            {
                await using var ssl = new SslStream(client.GetStream());
                await ssl.AuthenticateAsServerAsync((_, hello, _, _) => ValueTask.FromResult(new SslServerAuthenticationOptions
                {
                    ServerCertificate = responses.TlsAlpn01[hello.ServerName],
                    ApplicationProtocols = [new SslApplicationProtocol("acme-tls/1")],
                }), null);
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or KeyNotFoundException)
            {
                // RFC 8737 §4: nothing follows the handshake; a validator closing early is normal.
            }
        }
    }
}
