using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.Tls;

/// <summary>HTTPS with the user's own PEM files: SNI selection across sites, and live replacement of the files.</summary>
public class PemListenerTests
{
    [Fact]
    public async Task Https_SeveralSites_CertificateByExactNameThenWildcardThenDefault()
    {
        X509Certificate2? apex = null, wild = null, fallback = null;
        await using var site = await TlsSite.StartAsync((first, dir) =>
        {
            apex = TestCertificates.WritePair(Path.Combine(dir, "a.pem"), Path.Combine(dir, "a.key"), ["a.test"]);
            wild = TestCertificates.WritePair(Path.Combine(dir, "w.pem"), Path.Combine(dir, "w.key"), ["*.wild.test"]);
            fallback = TestCertificates.WritePair(Path.Combine(dir, "d.pem"), Path.Combine(dir, "d.key"), ["default.test"]);
            return first with { Hosts = ["a.test"], Tls = Files(dir, "a") };
        }, more: (first, dir) =>
        [
            first with { Hosts = ["*.wild.test"], Tls = Files(dir, "w") },
            first with { Hosts = [], Tls = Files(dir, "d") },
        ]);

        Assert.Equal(apex!.Thumbprint, await ServedAsync(site.Port, "a.test"));
        Assert.Equal(wild!.Thumbprint, await ServedAsync(site.Port, "x.wild.test"));
        Assert.Equal(fallback!.Thumbprint, await ServedAsync(site.Port, "x.y.wild.test"));
        Assert.Equal(fallback.Thumbprint, await ServedAsync(site.Port, "unknown.test"));
        Assert.Equal(fallback.Thumbprint, await ServedAsync(site.Port, ""));
    }

    [Fact]
    public async Task Https_FilesReplaced_NewHandshakesGetTheNewCertificateAndAnOpenConnectionKeepsWorking()
    {
        X509Certificate2? first = null;
        await using var site = await TlsSite.StartAsync((config, dir) =>
        {
            first = TestCertificates.WritePair(Path.Combine(dir, "fullchain.pem"), Path.Combine(dir, "privkey.pem"), ["live.test"]);
            return config with { Tls = new TlsConfig { Mode = "files", Cert = "fullchain.pem", Key = "privkey.pem" } };
        });
        var connections = 0;
        var seen = new List<string>();
        using var client = site.CreateClient(configure: handler =>
        {
            handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5);
            handler.SslOptions.TargetHost = "live.test";
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                // The test pairs each have their own throwaway root: the name is what this test checks.
                var served = new X509Certificate2(certificate!);
                lock (seen)
                {
                    seen.Add(served.Thumbprint);
                }

                return served.MatchesHostname("live.test");
            };
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            };
        });
        var url = new Uri($"https://127.0.0.1:{site.Port}/");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);

        var second = TestCertificates.WritePair(site.File("fullchain.pem"), site.File("privkey.pem"), ["live.test"]);

        Assert.True(await Poll.UntilAsync(async () => await ServedAsync(site.Port, "live.test") == second.Thumbprint, TimeSpan.FromSeconds(15)),
            "new handshakes never got the new certificate");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        Assert.Equal(1, connections);
        Assert.Equal([first!.Thumbprint], seen);
    }

    private static TlsConfig Files(string dir, string name) =>
        new() { Mode = "files", Cert = Path.Combine(dir, name + ".pem"), Key = Path.Combine(dir, name + ".key") };

    private static async Task<string> ServedAsync(int port, string serverName)
    {
        var (certificate, stream) = await TlsListenerTests.HandshakeAsync(port, serverName, trust: null);
        await stream.DisposeAsync();
        return certificate.Thumbprint;
    }
}
