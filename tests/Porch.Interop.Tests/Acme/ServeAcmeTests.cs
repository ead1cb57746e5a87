using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Porch.Cli;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Acme;

/// <summary>
/// `porch serve --tls acme` end to end: pebble validates through Porch's own HTTP listener (--http-port), and the
/// certificate it issues is what Porch's HTTPS listener then serves; plain HTTP redirects to HTTPS.
/// </summary>
[Collection("pebble")]
public class ServeAcmeTests
{
    private const string Name = "serve.example.com";

    [SkippableFact]
    public async Task ServeTlsAcme_ServesPebblesCertificate_AndRedirectsPlainHttp()
    {
        var (https, http) = (FreePort.Allocate(), FreePort.Allocate());
        await using var pebble = await Pebble.StartAsync(http, https);
        using var folder = new TempDirectory();
        Directory.CreateDirectory(folder.File("www"));
        await File.WriteAllTextAsync(folder.File("www/index.html"), "hello\n");
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var serve = PorchCli.Create(output, errors).Parse(
            [
                "--state", folder.File("state"), "serve", folder.File("www"), "--domain", Name, "--tls", "acme",
                "--port", https.ToString(CultureInfo.InvariantCulture), "--http-port", http.ToString(CultureInfo.InvariantCulture),
                "--acme-ca", pebble.DirectoryUrl.ToString(), "--acme-ca-trust", pebble.TrustPem,
            ]).InvokeAsync(new InvocationConfiguration { Output = output, Error = errors }, stop.Token);
        try
        {
            using var root = X509Certificate2.CreateFromPem(await pebble.IssuingRootPemAsync());
            X509Certificate2? served = null;
            var issued = await Poll.UntilAsync(async () =>
            {
                Assert.False(serve.IsCompleted, errors.ToString());
                served = await ServedCertificateAsync(https, root);
                return served is not null;
            }, TimeSpan.FromSeconds(90));
            Assert.True(issued, $"no pebble certificate served on {https}; stored: {Directory.Exists(folder.File("state/acme"))}; porch said: {errors}");
            Assert.True(served!.MatchesHostname(Name));
            Assert.Contains("Pebble Intermediate CA", served.Issuer, StringComparison.Ordinal);

            using var plain = new HttpClient(new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectCallback = (_, token) => ConnectLoopbackAsync(http, token),
            });
            using var redirect = await plain.GetAsync(new Uri($"http://{Name}:{http}/x"));
            Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.StatusCode);
            Assert.Equal(new Uri($"https://{Name}:{https}/x"), redirect.Headers.Location);
        }
        finally
        {
            await stop.CancelAsync();
            await serve.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>The certificate Porch shows for <see cref="Name"/>, when it chains to pebble's issuing root; else null.</summary>
    private static async Task<X509Certificate2?> ServedCertificateAsync(int port, X509Certificate2 root)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, sent, _) =>
        {
            using var chain = new X509Chain();
            // The intermediate comes from the chain the server sent.
            chain.ChainPolicy.ExtraStore.AddRange(sent!.ChainElements.Select(e => e.Certificate).ToArray());
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            return certificate is X509Certificate2 leaf && chain.Build(leaf);
        });
        try
        {
            // Until the certificate is issued, Porch has none to show for the name and the handshake fails.
            await tls.AuthenticateAsClientAsync(Name);
            return new X509Certificate2(tls.RemoteCertificate!);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return null;
        }
    }

    private static async ValueTask<Stream> ConnectLoopbackAsync(int port, CancellationToken token)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port, token);
        return new NetworkStream(socket, ownsSocket: true);
    }
}
