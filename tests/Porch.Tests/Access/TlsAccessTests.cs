using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Configuration;
using Porch.Tests.Support;
using Porch.Tls;

namespace Porch.Tests.Access;

/// <summary>
/// Remote clients and passwords with HTTPS: asked for over TLS (401 with a Basic challenge), and sent from plain HTTP
/// to the HTTPS port of the same host. The test client is a trusted proxy on loopback naming a documentation address.
/// </summary>
public sealed class TlsAccessTests : IDisposable
{
    private const string Bob = "bob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=";
    private readonly TempDirectory folder = new("porch-tls-access-");
    private readonly CertificateSourceFactory certificates;

    public TlsAccessTests()
    {
        Directory.CreateDirectory(folder.File("www"));
        File.WriteAllText(folder.File("www/index.html"), "inside");
        certificates = new CertificateSourceFactory(folder.File("state"), NullLoggerFactory.Instance, TimeProvider.System);
    }

    public void Dispose()
    {
        certificates.Dispose();
        folder.Dispose();
    }

    private SiteConfig Site(string listen, bool tls) => new()
    {
        Hosts = ["localhost"],
        Listen = [listen],
        Tls = tls ? new TlsConfig { Mode = "internal" } : null,
        Routes = [new RouteConfig { Root = folder.File("www") }],
        Access = new AccessConfig { Users = [Bob] },
    };

    private HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(certificates.Ca!.RootPem));
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private static HttpRequestMessage Request(string url, string? password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        if (password is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"bob:{password}")));
        }

        return request;
    }

    [Fact]
    public async Task RemoteOverTls_Challenged_RightPasswordIn_WrongOneNot()
    {
        await using var host = await PorchTestHost.StartAsync(
            new PorchConfig { TrustedProxies = ["127.0.0.1"], Sites = [Site("127.0.0.1:0", tls: true)] }, folder.Path, certificates: certificates);
        using var client = CreateClient();
        var url = $"https://localhost:{host.Port}/";

        using var none = await client.SendAsync(Request(url, null));
        using var wrong = await client.SendAsync(Request(url, "guess"));
        using var right = await client.SendAsync(Request(url, "secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Basic realm=\"localhost\", charset=\"UTF-8\"", none.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("inside", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RemoteOnPlainHttp_SiteHasHttps_RedirectedThereWithoutAPrompt()
    {
        var httpsPort = FreePort.Allocate();
        await using var host = await PorchTestHost.StartAsync(
            new PorchConfig
            {
                TrustedProxies = ["127.0.0.1"],
                Sites = [Site("127.0.0.1:0", tls: false) with { Name = "plain" }, Site($"127.0.0.1:{httpsPort}", tls: true) with { Name = "secure" }],
            },
            folder.Path,
            certificates: certificates);
        using var client = CreateClient();
        var plainPort = new Uri(host.Server.BoundUrls.First(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))).Port;

        using var plain = await client.SendAsync(Request($"http://localhost:{plainPort}/notes?x=1", "secret"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Empty(plain.Headers.WwwAuthenticate);
        Assert.Equal(new Uri($"https://localhost:{httpsPort}/notes?x=1"), plain.Headers.Location);
        using var followed = await client.SendAsync(Request($"https://localhost:{httpsPort}/", "secret"));
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
    }
}
