using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Porch.Acme;
using Porch.Tls;

namespace Porch.Interop.Tests.Acme;

/// <summary>
/// A TLS server on 127.0.0.1 that chooses its certificate at every handshake, as the TLS listener does, and a client
/// that reports the certificate it was shown. Two uses: serving an <see cref="ICertificateSource"/> with an echo of
/// each line, and standing in for the listener's TLS-ALPN-01 step (<see cref="ForAlpnChallenges"/>).
/// </summary>
internal sealed class TlsProbe : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    private TlsProbe(int port, Func<SslClientHelloInfo, SslServerAuthenticationOptions> options, bool echo)
    {
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                _ = Task.Run(() => ServeAsync(client, options, echo));
            }
        });
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Serves <paramref name="source"/>'s certificate for each handshake's SNI and echoes what it reads.</summary>
    public static TlsProbe For(ICertificateSource source) =>
        new(0, hello => new SslServerAuthenticationOptions { ServerCertificateContext = source.Find(hello.ServerName) }, echo: true);

    /// <summary>
    /// On <paramref name="port"/> (the one pebble validates TLS-ALPN-01 on): the pending challenge certificate for the
    /// SNI with "acme-tls/1" as the only protocol (RFC 8737 §3), then close (§4: nothing follows the handshake).
    /// </summary>
    public static TlsProbe ForAlpnChallenges(int port, AcmeChallengeResponses responses) =>
        new(port, hello => new SslServerAuthenticationOptions
        {
            ServerCertificate = responses.TlsAlpn01[hello.ServerName],
            ApplicationProtocols = [new SslApplicationProtocol("acme-tls/1")],
        }, echo: false);

    /// <summary>Opens a TLS connection for <paramref name="serverName"/>; the caller reads the shown certificate off it.</summary>
    public async Task<(SslStream Stream, X509Certificate2 Shown)> ConnectAsync(string serverName)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Port);
        X509Certificate2? shown = null;
        var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            // The test asserts which certificate was shown; trust is not what it checks.
            shown = certificate is null ? null : new X509Certificate2(certificate);
            return shown is not null;
        });
        await ssl.AuthenticateAsClientAsync(serverName);
        return (ssl, shown!);
    }

    public static async Task<string> RoundTripAsync(SslStream stream, string line)
    {
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(line + "\n"));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read).TrimEnd('\n');
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    private static async Task ServeAsync(TcpClient client, Func<SslClientHelloInfo, SslServerAuthenticationOptions> options, bool echo)
    {
        using (client)
        {
            try
            {
                await using var ssl = new SslStream(client.GetStream());
                await ssl.AuthenticateAsServerAsync((_, hello, _, _) => ValueTask.FromResult(options(hello)), null);
                var buffer = new byte[256];
                int read;
                while (echo && (read = await ssl.ReadAsync(buffer)) > 0)
                {
                    await ssl.WriteAsync(buffer.AsMemory(0, read));
                }
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException or KeyNotFoundException)
            {
                // The peer went away, or asked for a name with no pending challenge: the probe only serves tests.
            }
        }
    }
}
