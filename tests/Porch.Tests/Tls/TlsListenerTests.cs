using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Porch.Tests.Support;

namespace Porch.Tests.Tls;

/// <summary>Porch's HTTPS listener with the local CA, reached by real TLS clients that trust only the exported root.</summary>
public class TlsListenerTests
{
    [Fact]
    public async Task Https_LocalhostWithInternalCa_TrustedByTheExportedRootAlone()
    {
        await using var site = await TlsSite.StartAsync();
        using var client = site.CreateClient();

        var response = await client.GetAsync(new Uri($"https://localhost:{site.Port}/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TlsSite.Page, await response.Content.ReadAsStringAsync());
        await site.Host.AccessLog.WaitForLineAsync(l => l.Contains("\"GET / HTTP/1.1\" 200", StringComparison.Ordinal));

        // The same server is not trusted by a client that knows only the system's roots.
        using var stranger = new HttpClient();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync(new Uri($"https://localhost:{site.Port}/")));
        Assert.IsType<AuthenticationException>(refused.InnerException);
    }

    [Fact]
    public async Task Https_Http2Asked_NegotiatedByAlpn()
    {
        await using var site = await TlsSite.StartAsync();
        using var client = site.CreateClient(HttpVersion.Version20);

        var response = await client.GetAsync(new Uri($"https://localhost:{site.Port}/"));

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(TlsSite.Page, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Https_IpAddressWithoutSni_LeafForThatAddress()
    {
        await using var site = await TlsSite.StartAsync();

        var (certificate, _) = await HandshakeAsync(site.Port, targetHost: "", trust: site.Root);

        Assert.True(certificate.MatchesHostname("127.0.0.1"));
        using var client = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"https://127.0.0.1:{site.Port}/"))).StatusCode);
    }

    [Fact]
    public async Task Https_TwoNames_OneLeafEach()
    {
        await using var site = await TlsSite.StartAsync();

        var (one, _) = await HandshakeAsync(site.Port, "one.test", site.Root);
        var (two, _) = await HandshakeAsync(site.Port, "two.test", site.Root);

        Assert.True(one.MatchesHostname("one.test"));
        Assert.True(two.MatchesHostname("two.test"));
        Assert.False(two.MatchesHostname("one.test"));
    }

    [Fact]
    public async Task Https_RestartOnTheSameState_SameRootStillTrusted()
    {
        using var folder = new TempDirectory("porch-tls-");
        string firstRoot;
        await using (var first = await TlsSite.StartAsync(reuse: folder))
        {
            firstRoot = File.ReadAllText(first.RootFile);
        }

        await using var second = await TlsSite.StartAsync(reuse: folder);

        Assert.Equal(firstRoot, File.ReadAllText(second.RootFile));
        using var client = second.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"https://localhost:{second.Port}/"))).StatusCode);
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x02)]
    public async Task Https_Tls10Or11Only_RefusedWithProtocolVersionAlert(byte minor)
    {
        await using var site = await TlsSite.StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, site.Port);

        await socket.SendAsync(LegacyClientHello(minor));
        var answer = new byte[64];
        var read = await socket.ReceiveAsync(answer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));

        // RFC 8446 §5.1: content type 21 is an alert; RFC 8446 §6.2: description 70 is protocol_version.
        Assert.True(read >= 7, $"expected an alert, got {read} bytes");
        Assert.Equal(21, answer[0]);
        Assert.Equal(70, answer[6]);
    }

    [Fact]
    public async Task Https_PlainHttpOnTheTlsPort_400SaysToUseHttps()
    {
        await using var site = await TlsSite.StartAsync();

        var (status, response) = await RawHttpConnection.ExchangeUntilCloseAsync(site.Port, "/");

        Assert.Equal(400, status);
        Assert.Contains("This port speaks HTTPS: use an https:// address here.", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_AcmeTlsAlpn01_ChallengeCertificateThenClosed()
    {
        await using var site = await TlsSite.StartAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var challenge = new CertificateRequest("CN=acme.test", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        site.Host.Server.Challenges.TlsAlpn01["acme.test"] = challenge;

        var (certificate, stream) = await HandshakeAsync(site.Port, "acme.test", trust: null, [new SslApplicationProtocol("acme-tls/1")]);

        await using (stream)
        {
            Assert.Equal(challenge.Thumbprint, certificate.Thumbprint);
            Assert.Equal("acme-tls/1", stream.NegotiatedApplicationProtocol.ToString());
            var read = await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, read);
        }

        await Assert.ThrowsAnyAsync<Exception>(() =>
            HandshakeAsync(site.Port, "other.test", trust: null, [new SslApplicationProtocol("acme-tls/1")]));
    }

    /// <summary>A TLS handshake with SslStream; returns the server's certificate and the open stream.</summary>
    internal static async Task<(X509Certificate2 Certificate, SslStream Stream)> HandshakeAsync(
        int port, string targetHost, X509Certificate2? trust, List<SslApplicationProtocol>? protocols = null)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        X509Certificate2? seen = null;
        var stream = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            ApplicationProtocols = protocols ?? [SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                seen = new X509Certificate2(certificate!);
                return trust is null || Trusted(seen, trust);
            },
        };
        try
        {
            await stream.AuthenticateAsClientAsync(options).WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch
        {
            await stream.DisposeAsync();
            tcp.Dispose();
            throw;
        }

        return (seen!, stream);
    }

    private static bool Trusted(X509Certificate2 certificate, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>A ClientHello offering only TLS 1.0 or 1.1 (no supported_versions extension) with their CBC suites.</summary>
    private static byte[] LegacyClientHello(byte minor)
    {
        var body = new List<byte> { 3, minor };
        body.AddRange(RandomNumberGenerator.GetBytes(32));
        body.Add(0);
        body.AddRange(new byte[] { 0, 8, 0xC0, 0x09, 0xC0, 0x0A, 0xC0, 0x13, 0x00, 0x2F });
        body.AddRange(new byte[] { 1, 0 });
        var sni = Encoding.ASCII.GetBytes("localhost");
        var extensions = new List<byte>();
        extensions.AddRange(new byte[] { 0, 0, 0, (byte)(sni.Length + 5), 0, (byte)(sni.Length + 3), 0, 0, (byte)sni.Length });
        extensions.AddRange(sni);
        extensions.AddRange(new byte[] { 0, 0x0A, 0, 4, 0, 2, 0, 0x17 });
        extensions.AddRange(new byte[] { 0, 0x0B, 0, 2, 1, 0 });
        body.AddRange(new byte[] { 0, (byte)extensions.Count });
        body.AddRange(extensions);
        var handshake = new List<byte> { 1, 0, (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);
        var record = new List<byte> { 22, 3, minor, (byte)(handshake.Count >> 8), (byte)handshake.Count };
        record.AddRange(handshake);
        return [.. record];
    }
}
