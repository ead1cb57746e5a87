using System.Net;
using System.Text;
using System.Text.Json;
using Porch.Configuration;
using Porch.Hosting;
using Porch.Tests.Forwarding;
using Porch.Tests.Support;
using Porch.Wire.ProxyProtocol;

namespace Porch.Tests.Hosting;

/// <summary>
/// The PROXY step of a listener over real sockets. The test connects from 127.0.0.2, the only trusted proxy, or from
/// 127.0.0.1, which is not trusted, and looks at what the access log, the upstream and the operator's log saw.
/// </summary>
public sealed class ProxyProtocolTests : IAsyncDisposable
{
    private static readonly IPAddress Proxy = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Stranger = IPAddress.Loopback;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly CapturingLoggerProvider logs = new();
    private Backend? backend;
    private PorchTestHost? host;

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (backend is not null)
        {
            await backend.DisposeAsync();
        }

        logs.Dispose();
    }

    [Fact]
    public async Task V1FromTrustedProxy_EveryRequestOnTheConnectionIsTheRealClients()
    {
        var port = await StartAsync();
        using var connection = await RawHttpConnection.ConnectFromAsync(Proxy, port);

        // Header and first request in one write, as a proxy's first packet often is.
        await connection.SendAsync("PROXY TCP4 203.0.113.7 198.51.100.1 40000 80\r\nGET /?one HTTP/1.1\r\nHost: a\r\n\r\n");
        var first = await connection.ReadResponseAsync();
        var second = await connection.GetAsync("/?two");

        Assert.Equal("203.0.113.7", UpstreamForwardedFor(first));
        Assert.Equal("203.0.113.7", UpstreamForwardedFor(second));
        Assert.StartsWith("203.0.113.7 - - [", await host!.AccessLog.WaitForLineAsync(l => l.Contains("?two", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2FromTrustedProxy_SentByteByByte_RealClient()
    {
        var port = await StartAsync();
        using var connection = await RawHttpConnection.ConnectFromAsync(Proxy, port);
        var header = ProxyHeaderWriter.WriteV2(new ProxyHeader
        {
            Version = 2,
            Family = ProxyAddressFamily.Inet6,
            Source = new IPEndPoint(IPAddress.Parse("2001:db8::7"), 4711),
            Destination = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 443),
            Tlvs = [ProxyTlv.Authority("blog.example"), ProxyTlv.Alpn("http/1.1")],
        }, addCrc32C: true);

        foreach (var b in header)
        {
            await connection.SendAsync([b]);
        }

        var response = await connection.GetAsync("/?v2");

        Assert.Equal("2001:db8::7", UpstreamForwardedFor(response));
        Assert.StartsWith("2001:db8::7 - - [", await host!.AccessLog.WaitForLineAsync(l => l.Contains("?v2", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("unknown")]
    public async Task LocalOrUnknownFromTrustedProxy_KeepsTheSocketAddress(string kind)
    {
        var port = await StartAsync();
        using var connection = await RawHttpConnection.ConnectFromAsync(Proxy, port);
        var header = kind == "local"
            ? ProxyHeaderWriter.WriteV2(new ProxyHeader { Version = 2, Command = ProxyCommand.Local })
            : Encoding.ASCII.GetBytes("PROXY UNKNOWN\r\n");

        await connection.SendAsync(header);
        var response = await connection.GetAsync($"/?{kind}");

        Assert.Equal("127.0.0.2", UpstreamForwardedFor(response));
        Assert.StartsWith("127.0.0.2 - - [", await host!.AccessLog.WaitForLineAsync(l => l.Contains($"?{kind}", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 198.51.100.1 40000 80\r\n")]
    [InlineData("v2")]
    public async Task ProxyHeaderFromUntrustedSource_ClosedUnansweredAndLogged(string header)
    {
        var port = await StartAsync();
        using var connection = await RawHttpConnection.ConnectFromAsync(Stranger, port);
        var bytes = header == "v2"
            ? ProxyHeaderWriter.WriteV2(new ProxyHeader
            {
                Version = 2,
                Family = ProxyAddressFamily.Inet,
                Source = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 1),
                Destination = new IPEndPoint(IPAddress.Parse("198.51.100.1"), 80),
            })
            : Encoding.ASCII.GetBytes(header);

        await connection.SendAsync([.. bytes, .. "GET /?forged HTTP/1.1\r\nHost: a\r\n\r\n"u8]);

        Assert.Equal("", await connection.WaitForCloseAsync(Generous));
        var entry = await logs.WaitForAsync(e => e.EventId == 3001, Generous);
        Assert.Contains("127.0.0.1", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host!.AccessLog.Lines(), l => l.Contains("?forged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlainHttpFromUntrustedSource_ServedAsItself()
    {
        var port = await StartAsync();
        using var connection = await RawHttpConnection.ConnectFromAsync(Stranger, port);

        var response = await connection.GetAsync("/?plain");

        Assert.Equal("127.0.0.1", UpstreamForwardedFor(response));
    }

    [Fact]
    public async Task TrustedProxyWithoutHeader_ClosedAndLogged()
    {
        var port = await StartAsync();
        using var connection = await RawHttpConnection.ConnectFromAsync(Proxy, port);

        await connection.SendAsync("GET /?noheader HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal("", await connection.WaitForCloseAsync(Generous));
        await logs.WaitForAsync(e => e.EventId == 3003, Generous);
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 2001:db8::1 1 2\r\n", "not a dotted-quad")]
    [InlineData("PROXY TCP4 203.0.113.7 198.51.100.1 1 2\n", "bare LF")]
    [InlineData("\r\n\r\n\0\r\nQUIT\n\u0021\u0011\u0000\u0004abcd", "fewer than the 12 of the Inet addresses")]
    public async Task MalformedHeaderFromTrustedProxy_ClosedAndLoggedWithTheReason(string header, string reason)
    {
        var port = await StartAsync();
        using var connection = await RawHttpConnection.ConnectFromAsync(Proxy, port);

        await connection.SendAsync(header + "GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal("", await connection.WaitForCloseAsync(Generous));
        var entry = await logs.WaitForAsync(e => e.EventId == 3002, Generous);
        Assert.Contains(reason, entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HalfHeaderThenSilence_ClosedAfterTheHeaderTimeout()
    {
        var port = await StartAsync();
        using var connection = await RawHttpConnection.ConnectFromAsync(Proxy, port);

        await connection.SendAsync("PROXY TCP4 203.0.113.7");
        var closed = await connection.WaitForCloseAsync(ProxyProtocolMiddleware.HeaderTimeout + Generous);

        Assert.Equal("", closed);
        await logs.WaitForAsync(e => e.EventId == 3004, Generous);
    }

    [Fact]
    public async Task Reload_NewTrustedProxies_ApplyToTheNextConnection()
    {
        var port = await StartAsync();
        // The listener is unchanged, so it stays bound; only whom it believes changes.
        Assert.Empty(await host!.ReloadAsync(Config(["127.0.0.3"])));
        using var connection = await RawHttpConnection.ConnectFromAsync(Proxy, port);

        await connection.SendAsync("PROXY TCP4 203.0.113.7 198.51.100.1 40000 80\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal("", await connection.WaitForCloseAsync(Generous));
        await logs.WaitForAsync(e => e.EventId == 3001, Generous);
    }

    private async Task<int> StartAsync()
    {
        backend = await Backend.StartEchoAsync();
        host = await PorchTestHost.StartAsync(Config(["127.0.0.2"]), loggerFactory: logs.CreateFactory());
        return host.Port;
    }

    private PorchConfig Config(IReadOnlyList<string> trusted) => new()
    {
        TrustedProxies = trusted,
        Sites =
        [
            new SiteConfig
            {
                Listen = [new ListenConfig("127.0.0.1:0") { ProxyProtocol = true }],
                Routes = [new RouteConfig { Upstream = backend!.Upstream() }],
            },
        ],
    };

    /// <summary>The X-Forwarded-For the echo backend received.</summary>
    private static string UpstreamForwardedFor(RawResponse response)
    {
        Assert.Equal(200, response.Status);
        var echo = JsonSerializer.Deserialize<EchoedRequest>(response.Body, Json)!;
        return string.Join(", ", echo.Headers.Single(h => h.Key.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase)).Value);
    }
}
