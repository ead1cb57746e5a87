using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Configuration;
using Porch.Hosting;
using Porch.Tests.Support;

namespace Porch.Tests.Tls;

/// <summary>A TLS site's httpListen: challenges answered, everything else sent to HTTPS with 308; HSTS opt-in.</summary>
public sealed class HttpRedirectTests
{
    [Fact]
    public async Task HttpListen_RedirectsToTheHttpsPort_ExceptTheChallengePath()
    {
        var https = FreePort.Allocate();
        var http = FreePort.Allocate();
        await using var site = await TlsSite.StartAsync((s, _) => s with { Listen = [$"127.0.0.1:{https}"], HttpListen = [$"127.0.0.1:{http}"], Hsts = true });
        using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        site.Host.Server.Challenges.Http01["tok"] = "tok.thumbprint";

        using var redirect = await plain.PostAsync(new Uri($"http://localhost:{http}/a/b?c=1"), new StringContent("x"));
        using var challenge = await plain.GetAsync(new Uri($"http://localhost:{http}/.well-known/acme-challenge/tok"));
        using var client = site.CreateClient();
        using var secure = await client.GetAsync(new Uri($"https://localhost:{https}/"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.StatusCode);
        Assert.Equal(new Uri($"https://localhost:{https}/a/b?c=1"), redirect.Headers.Location);
        Assert.False(redirect.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Equal("tok.thumbprint", await challenge.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Equal("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task NoHsts_ByDefault()
    {
        await using var site = await TlsSite.StartAsync();
        using var client = site.CreateClient();

        using var secure = await client.GetAsync(new Uri($"https://localhost:{site.Port}/"));

        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.False(secure.Headers.Contains("Strict-Transport-Security"));
    }

    [Theory]
    [InlineData(false, "127.0.0.1:8443", "is for TLS sites")]
    [InlineData(true, "127.0.0.1:0", "has none fixed")]
    public void HttpListen_Misused_OneClearError(bool tls, string listen, string message)
    {
        using var dir = new TempDirectory();
        using var handlers = new HandlerFactory(NullLoggerFactory.Instance);
        var config = new PorchConfig
        {
            Sites = [new SiteConfig { Listen = [listen], HttpListen = ["127.0.0.1:8080"], Tls = tls ? new TlsConfig { Mode = "internal" } : null, Routes = [new RouteConfig { Path = "/", Root = dir.Path }] }],
        };

        var (_, errors) = ConfigCompiler.Compile(config, dir.Path, handlers, new Porch.Tls.ValidatingCertificateSourceFactory(dir.Path));

        var error = Assert.Single(errors);
        Assert.Equal("$.sites[0].httpListen", error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
