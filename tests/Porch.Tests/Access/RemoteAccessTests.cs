using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.Access;

/// <summary>
/// Remote clients over real sockets: the test client on loopback is a trusted proxy (127.0.0.1) that names the real
/// client in X-Forwarded-For with a documentation address (RFC 5737), which is what the policy must judge.
/// </summary>
public sealed class RemoteAccessTests : IDisposable
{
    private const string Bob = "bob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=";
    private readonly TempDirectory site = new();

    public RemoteAccessTests() => File.WriteAllText(site.File("index.html"), "<p>hello</p>");

    public void Dispose() => site.Dispose();

    private Task<PorchTestHost> StartAsync(AccessConfig? access) => PorchTestHost.StartAsync(new PorchConfig
    {
        TrustedProxies = ["127.0.0.1"],
        Sites = [new SiteConfig { Name = "blog", Listen = ["127.0.0.1:0"], Routes = [new RouteConfig { Root = site.Path }], Access = access }],
    });

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(
        HttpClient client, string? realClient, string? password = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (realClient is not null)
        {
            request.Headers.Add("X-Forwarded-For", realClient);
        }

        if (password is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"bob:{password}")));
        }

        var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task RemoteThroughLocalProxy_DefaultPolicy_RefusedWithHowToLetThemIn()
    {
        await using var host = await StartAsync(null);
        using var client = host.CreateClient();

        var (status, body, _) = await GetAsync(client, "203.0.113.7");
        var (direct, _, _) = await GetAsync(client, null);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("203.0.113.7", body, StringComparison.Ordinal);
        Assert.Contains("--remote-password USER", body, StringComparison.Ordinal);
        Assert.Contains("&quot;remote&quot;: &quot;allow&quot;", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, direct);
    }

    [Fact]
    public async Task RemoteWithPassword_PlainHttp_RefusedWithoutAPromptEvenWithTheRightPassword()
    {
        await using var host = await StartAsync(new AccessConfig { Users = [Bob] });
        using var client = host.CreateClient();

        var (status, body, response) = await GetAsync(client, "203.0.113.7", "secret");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.Contains("plain HTTP", body, StringComparison.Ordinal);
        Assert.Contains("HTTPS", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalClient_SiteWithRemotePassword_PassesWithoutOne()
    {
        await using var host = await StartAsync(new AccessConfig { Users = [Bob] });
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "127.0.0.1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, null)).Status);
    }

    [Fact]
    public async Task ConfiguredLocalNetwork_CountsAsLocal()
    {
        await using var host = await StartAsync(new AccessConfig { LocalNetworks = ["203.0.113.0/28"] });
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "203.0.113.7")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(client, "203.0.113.70")).Status);
    }

    [Fact]
    public async Task RemoteAllow_DenyList_JudgesTheRealAddressNotTheProxy()
    {
        await using var host = await StartAsync(new AccessConfig { Remote = "allow", Deny = ["203.0.113.9"] });
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(client, "203.0.113.9")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "203.0.113.10")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, null)).Status);
    }

    [Fact]
    public async Task RateLimit_CountsEachRealClientApart()
    {
        await using var host = await StartAsync(new AccessConfig { Remote = "allow", RateLimit = new RateLimitConfig { Requests = 2, Per = "1m" } });
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "203.0.113.1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "203.0.113.1")).Status);
        var (limited, _, response) = await GetAsync(client, "203.0.113.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "203.0.113.2")).Status);
        Assert.Contains("203.0.113.1 - - [", await host.AccessLog.WaitForLineAsync(l => l.Contains(" 429 ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
