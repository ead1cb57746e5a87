using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Porch.Configuration;
using Porch.Tests.Hosting;
using Porch.Tests.Support;
using Porch.Tests.Tunnel.Certificates;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>
/// The real `porch relay --tls acme` against pebble and the real `porch share`: the relay gets its domain's
/// certificate at start, the tunnel's own once it connects, and a public HTTPS request validating against pebble's
/// root only reaches the app behind the tunnel. The share resolves the relay's public name through a private
/// /etc/hosts, bound in a mount namespace of its own (unshare), so the machine's file is never touched.
/// </summary>
[Collection("pebble")]
public class RelayCertificateEndToEndTests
{
    private const string Domain = "relay.example.com";
    private const string Page = "hello through the tunnel\n";

    [SkippableFact]
    public async Task RelayTlsAcme_WithShare_PublicHttpsValidatesAgainstPebblesRoot()
    {
        var unshare = Peer.Require("unshare", "util-linux");
        Peer.Require("mount", "mount");
        await using var pebble = await Pebble.StartAsync();
        var (https, http) = (pebble.TlsPort, pebble.HttpPort);
        using var folder = new TempDirectory("porch-relaycerts-e2e-");
        var state = folder.File("state");
        Directory.CreateDirectory(folder.File("www"));
        await File.WriteAllTextAsync(folder.File("www/index.html"), Page);
        await using var app = await PorchTestHost.StartAsync(new RouteConfig { Path = "/", Root = folder.File("www") });
        var token = await AddTokenAsync(state);
        var rootPem = await pebble.IssuingRootPemAsync();
        await File.WriteAllTextAsync(folder.File("pebble-root.pem"), rootPem);
        using var root = X509Certificate2.CreateFromPem(rootPem);

        using var relay = PorchProcess.Start(folder.Path,
            "relay", "--domain", Domain, "--bind", "127.0.0.1", "--port", Text(https), "--http-port", Text(http), "--tls", "acme",
            "--acme-ca", pebble.DirectoryUrl.ToString(), "--acme-ca-trust", pebble.TrustPem, "--state", state);
        X509Certificate2? domain = null;
        await Poll.UntilAsync(async () => (domain = await TryHandshakeAsync(https, Domain, root)) is not null, TimeSpan.FromSeconds(90));
        Assert.True(domain is not null, "the relay has no certificate for its domain:\n" + string.Join('\n', relay.Stderr.Lines()));
        Assert.Null(await TryHandshakeAsync(https, "app." + Domain, root));

        await File.WriteAllTextAsync(folder.File("hosts"), $"127.0.0.1 localhost\n127.0.0.1 {Domain}\n");
        using var share = PorchProcess.StartWrapped(
            [unshare, "--mount", "sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", folder.File("hosts")], folder.Path,
            "share", $"127.0.0.1:{Text(app.Port)}", "--relay", $"https://{Domain}:{Text(https)}", "--token", token,
            "--ca", folder.File("pebble-root.pem"), "--name", "app", "--remote", "allow");
        await share.Stderr.WaitForLineAsync(l => l.StartsWith("porch share: online: ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        // The tunnel's certificate is ordered when it comes online; until it is issued the handshake fails.
        using var client = PublicClient(https, root);
        string? body = null;
        await Poll.UntilAsync(async () => (body = await TryGetAsync(client, new Uri($"https://app.{Domain}:{Text(https)}/"))) is not null, TimeSpan.FromSeconds(90));
        Assert.True(body == Page, $"no page through the tunnel (got {body ?? "nothing"});\nrelay:\n{string.Join('\n', relay.Stderr.Lines())}\nshare:\n{string.Join('\n', share.Stderr.Lines())}");
        var shown = await TryHandshakeAsync(https, "app." + Domain, root);
        Assert.Equal(["app." + Domain], Handshake.DnsNames(shown!));
    }

    [SkippableFact]
    public async Task RelayAcmeDnsFlags_OneWildcardServesTwoShares()
    {
        var unshare = Peer.Require("unshare", "util-linux");
        Peer.Require("mount", "mount");
        const string wildcardDomain = "tunnel." + Bind9.PublicZone;
        await using var bind = await Bind9.StartAsync();
        await using var pebble = await Pebble.StartAsync(new Pebble.Options { DnsServer = bind.EndPoint.ToString() });
        var https = pebble.TlsPort;
        using var folder = new TempDirectory("porch-relaycerts-e2e-");
        var state = folder.File("state");
        Directory.CreateDirectory(folder.File("www"));
        await File.WriteAllTextAsync(folder.File("www/index.html"), Page);
        await File.WriteAllTextAsync(folder.File("relay.key"), $"key \"{Bind9.KeyName}\" {{\n\talgorithm {Bind9.KeyAlgorithm};\n\tsecret \"{bind.Secret}\";\n}};\n");
        await using var app = await PorchTestHost.StartAsync(new RouteConfig { Path = "/", Root = folder.File("www") });
        var token = await AddTokenAsync(state);
        var rootPem = await pebble.IssuingRootPemAsync();
        await File.WriteAllTextAsync(folder.File("pebble-root.pem"), rootPem);
        using var root = X509Certificate2.CreateFromPem(rootPem);

        using var relay = PorchProcess.Start(folder.Path,
            "relay", "--domain", wildcardDomain, "--bind", "127.0.0.1", "--port", Text(https), "--tls", "acme",
            "--acme-ca", pebble.DirectoryUrl.ToString(), "--acme-ca-trust", pebble.TrustPem, "--state", state,
            "--acme-dns-server", bind.EndPoint.ToString(), "--acme-dns-zone", Bind9.PublicZone, "--acme-dns-key-file", folder.File("relay.key"));
        X509Certificate2? wildcard = null;
        await Poll.UntilAsync(async () => (wildcard = await TryHandshakeAsync(https, wildcardDomain, root)) is not null, TimeSpan.FromSeconds(90));
        Assert.True(wildcard is not null, "the relay has no wildcard certificate:\n" + string.Join('\n', relay.Stderr.Lines()));
        Assert.Equal(["*." + wildcardDomain, wildcardDomain], Handshake.DnsNames(wildcard).Order(StringComparer.Ordinal));

        await File.WriteAllTextAsync(folder.File("hosts"), $"127.0.0.1 localhost\n127.0.0.1 {wildcardDomain}\n");
        string[] wrapper = [unshare, "--mount", "sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", folder.File("hosts")];
        using var client = PublicClient(https, root);
        foreach (var name in new[] { "a", "b" })
        {
            using var share = PorchProcess.StartWrapped(wrapper, folder.Path,
                "share", $"127.0.0.1:{Text(app.Port)}", "--relay", $"https://{wildcardDomain}:{Text(https)}", "--token", token,
                "--ca", folder.File("pebble-root.pem"), "--name", name, "--remote", "allow");
            await share.Stderr.WaitForLineAsync(l => l.StartsWith("porch share: online: ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

            // Served at once: the wildcard already covers the new name, nothing is ordered for it.
            Assert.Equal(Page, await TryGetAsync(client, new Uri($"https://{name}.{wildcardDomain}:{Text(https)}/")));
            Assert.Equal(wildcard.Thumbprint, (await TryHandshakeAsync(https, $"{name}.{wildcardDomain}", root))?.Thumbprint);
        }

        Assert.Equal([wildcardDomain], Porch.Acme.AcmeStorage.CertificateNames(state));
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> AddTokenAsync(string state)
    {
        var (exit, stdout, stderr) = await Peer.RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "porch.dll"), "relay", "token", "add", "e2e", "--state", state], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, "porch relay token add failed: " + stderr);
        return stdout.Trim();
    }

    private static async Task<X509Certificate2?> TryHandshakeAsync(int port, string name, X509Certificate2 root)
    {
        try
        {
            return await Handshake.ShownAsync(port, name, root);
        }
        catch (SocketException)
        {
            // The relay is still starting.
            return null;
        }
    }

    /// <summary>A public client that dials the relay on 127.0.0.1 for any name and trusts pebble's root alone.</summary>
    private static HttpClient PublicClient(int port, X509Certificate2 root)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(root);
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }

    private static async Task<string?> TryGetAsync(HttpClient client, Uri url)
    {
        try
        {
            using var response = await client.GetAsync(url);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
