using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Tests.Support;

/// <summary>
/// Public clients of a tunnel: curl with <c>--resolve NAME.localhost:P:127.0.0.1 --cacert root.pem</c>, and .NET
/// clients that dial 127.0.0.1:P while the URL (so SNI and Host) says NAME.localhost, trusting only the relay's root.
/// </summary>
internal static class TunnelClients
{
    /// <summary>Runs curl against <c>https://NAME.localhost:P</c><paramref name="path"/>; stdout and stderr together.</summary>
    public static async Task<(int Exit, string Output)> CurlAsync(TunnelRelay relay, string name, string path, params string[] args)
    {
        var curl = Peer.Require("curl", "curl");
        var port = relay.Port.ToString(CultureInfo.InvariantCulture);
        var (exit, stdout, stderr) = await Peer.RunAsync(curl,
            ["-sS", "--max-time", "60", "--resolve", $"{name}.localhost:{port}:127.0.0.1", "--cacert", relay.RootPem, .. args,
                $"https://{name}.localhost:{port}{path}"],
            TimeSpan.FromSeconds(90));
        return (exit, (stdout + stderr).Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    /// <summary>A handler for the relay's public side: every connection goes to 127.0.0.1:P, TLS trusts the relay's root only.</summary>
    public static SocketsHttpHandler Handler(TunnelRelay relay) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, relay.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = TrustsOnly(relay) },
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>An HttpClient of <see cref="Handler"/> speaking <paramref name="version"/> exactly.</summary>
    public static HttpClient Client(TunnelRelay relay, Version? version = null, TimeSpan? timeout = null) => new(Handler(relay))
    {
        DefaultRequestVersion = version ?? HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = timeout ?? TimeSpan.FromSeconds(60),
    };

    /// <summary>Validates the server's chain against the relay's root alone (and the name, checked by SslStream).</summary>
    public static RemoteCertificateValidationCallback TrustsOnly(TunnelRelay relay)
    {
        var root = X509Certificate2.CreateFromPem(File.ReadAllText(relay.RootPem));
        return (_, certificate, _, errors) =>
        {
            if (certificate is not X509Certificate2 leaf || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(leaf);
        };
    }

    /// <summary>One whole WebSocket message, however many frames it came in.</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveMessageAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return (received.MessageType, message.ToArray());
            }
        }
    }
}
