using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Tests.Tunnel.Certificates;

/// <summary>A TLS client handshake against 127.0.0.1:PORT with an SNI name, reporting the certificate shown, if any.</summary>
internal static class Handshake
{
    /// <summary>
    /// The leaf the server showed for <paramref name="serverName"/>, when the handshake completed and the chain it
    /// sent builds to <paramref name="root"/>; null when the server refused the handshake.
    /// </summary>
    public static async Task<X509Certificate2?> ShownAsync(int port, string serverName, X509Certificate2 root)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        string? chainError = null;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, sent, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.ExtraStore.AddRange(sent!.ChainElements.Select(e => e.Certificate).ToArray());
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            var built = certificate is X509Certificate2 leaf && chain.Build(leaf);
            chainError = built ? null : $"the chain shown for {serverName} does not build to {root.Subject}";
            return built;
        });
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName }, timeout.Token);
            return new X509Certificate2(tls.RemoteCertificate!);
        }
        catch (Exception e) when (e is AuthenticationException or IOException && chainError is null)
        {
            // The server had no certificate for the name and aborted the handshake.
            return null;
        }
    }

    /// <summary>The DNS names of the certificate's subjectAltName (RFC 5280 §4.2.1.6).</summary>
    public static string[] DnsNames(X509Certificate2 certificate) =>
        [.. certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames())];
}
