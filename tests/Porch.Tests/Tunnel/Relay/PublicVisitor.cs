using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Tests.Tunnel.Relay;

/// <summary>
/// A public visitor of a relay: requests to <c>https://NAME.localhost:PORT/...</c> (SNI and Host as a browser sends
/// them), every connection dialled to the relay on 127.0.0.1, as curl's <c>--resolve</c> does.
/// </summary>
internal static class PublicVisitor
{
    public static HttpClient Create(int port, X509Certificate2? root, Version? version = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (_, cancellationToken) => await LoopbackAsync(port, cancellationToken),
        };
        Trust(handler, root);
        return new HttpClient(handler)
        {
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>Makes <paramref name="handler"/> trust only <paramref name="root"/> (none: plain HTTP).</summary>
    public static void Trust(SocketsHttpHandler handler, X509Certificate2? root)
    {
        if (root is null)
        {
            return;
        }

        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(root);
    }

    public static async Task<Stream> LoopbackAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
