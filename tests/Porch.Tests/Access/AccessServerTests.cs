using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Porch.Configuration;
using Porch.Tests.Forwarding;
using Porch.Tests.Support;

namespace Porch.Tests.Access;

/// <summary>The access policy on a real server, with a client on loopback (local, and allowed to send a password in the clear).</summary>
public sealed class AccessServerTests : IDisposable
{
    private const string Bob = "bob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=";
    private readonly TempDirectory site = new();

    public AccessServerTests() => File.WriteAllText(site.File("index.html"), "<p>hello</p>");

    public void Dispose() => site.Dispose();

    private Task<PorchTestHost> StartAsync(AccessConfig? access, RouteConfig? route = null) => PorchTestHost.StartAsync(new PorchConfig
    {
        Sites = [new SiteConfig { Name = "blog", Listen = ["127.0.0.1:0"], Routes = [route ?? new RouteConfig { Root = site.Path }], Access = access }],
    });

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    [Fact]
    public async Task LocalClient_DefaultPolicy_IsServedWithSecurityHeaders()
    {
        await using var host = await StartAsync(null);
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task FrameOptionsOff_NoHeader()
    {
        await using var host = await StartAsync(new AccessConfig { FrameOptions = "off" });
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.True(response.Headers.Contains("X-Content-Type-Options"));
    }

    [Fact]
    public async Task ProxiedApp_ItsOwnHeadersWin_MissingOnesAreAdded()
    {
        await using var backend = await Backend.StartAsync(context =>
        {
            context.Response.Headers.XFrameOptions = "DENY";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            return context.Response.WriteAsync("app");
        });
        await using var host = await StartAsync(null, new RouteConfig { Upstream = backend.Upstream() });
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task LocalPassword_FromLoopback_ChallengesThenAcceptsTheRightPassword()
    {
        await using var host = await StartAsync(new AccessConfig { Local = "password", Users = [Bob] });
        using var client = host.CreateClient();

        using var none = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Basic realm=\"blog\", charset=\"UTF-8\"", none.Headers.WwwAuthenticate.ToString());

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Authorization = Basic("bob", "guess") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Authorization = Basic("bob", "secret") } };
        using var ok = await client.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("<p>hello</p>", await ok.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WrongPasswords_InARow_EachWaitsLonger()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = logs.CreateFactory();
        await using var host = await PorchTestHost.StartAsync(new PorchConfig
        {
            Sites = [new SiteConfig { Name = "blog", Listen = ["127.0.0.1:0"], Routes = [new RouteConfig { Root = site.Path }], Access = new AccessConfig { Local = "password", Users = [Bob] } }],
        }, loggerFactory: loggerFactory);
        using var client = host.CreateClient();
        var took = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Authorization = Basic("bob", $"guess{i}") } };
            var watch = Stopwatch.StartNew();
            using var response = await client.SendAsync(request);
            took.Add(watch.Elapsed);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // The 5th attempt waits 250 ms x 2^3 = 2 s; the first waits nothing.
        Assert.True(took[4] >= TimeSpan.FromSeconds(1.5), $"5th attempt took {took[4]}");
        Assert.True(took[4] - took[0] >= TimeSpan.FromSeconds(1), $"1st {took[0]}, 5th {took[4]}");
        Assert.Contains(logs.Entries, e => e.EventId == 3101 && e.Message.Contains("\"bob\" from 127.0.0.1", StringComparison.Ordinal) &&
            e.Message.Contains("4 failure(s)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "127.0.0.0/8" }, new string[0])]
    [InlineData(new string[0], new[] { "10.0.0.0/8" })]
    public async Task AddressLists_OnTheClientAddress_Refuse(string[] deny, string[] allow)
    {
        await using var host = await StartAsync(new AccessConfig { Deny = deny, Allow = allow });
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("127.0.0.1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimit_Exceeded_429WithRetryAfter()
    {
        await using var host = await StartAsync(new AccessConfig { RateLimit = new RateLimitConfig { Requests = 3, Per = "1m" } });
        using var client = host.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
    }
}
