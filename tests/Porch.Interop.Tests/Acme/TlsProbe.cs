using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Porch.Tls;

namespace Porch.Interop.Tests.Acme;

/// <summary>
/// A TLS server on 127.0.0.1 that asks an <see cref="ICertificateSource"/> for its certificate at every handshake,
/// as the TLS listener does, and echoes lines; and a client that reports the certificate it was shown.
/// </summary>
internal sealed class TlsProbe : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public TlsProbe(ICertificateSource source)
    {
        listener.Start();
        accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                _ = Task.Run(() => EchoAsync(client, source));
            }
        });
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

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

    private static async Task EchoAsync(TcpClient client, ICertificateSource source)
    {
        using (client)
        {
            try
            {
                await using var ssl = new SslStream(client.GetStream());
                await ssl.AuthenticateAsServerAsync((stream, hello, _, _) =>
                    ValueTask.FromResult(new SslServerAuthenticationOptions { ServerCertificateContext = source.Find(hello.ServerName) }), null);
                var buffer = new byte[256];
                int read;
                while ((read = await ssl.ReadAsync(buffer)) > 0)
                {
                    await ssl.WriteAsync(buffer.AsMemory(0, read));
                }
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                // The client went away: the probe only serves tests.
            }
        }
    }
}
