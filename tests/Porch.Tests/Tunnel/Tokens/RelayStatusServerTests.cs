using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Tests.Support;
using Porch.Tunnel.Relay;

namespace Porch.Tests.Tunnel.Tokens;

public sealed class RelayStatusServerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory state = new();

    public void Dispose() => state.Dispose();

    private static FakeTunnelDirectory Directory() => new(
        "localhost",
        FakeTunnelDirectory.Tunnel("myapp", "laptop", Now.AddMinutes(-3).AddSeconds(-5)),
        FakeTunnelDirectory.Tunnel("blog", "laptop", Now.AddHours(-2)),
        FakeTunnelDirectory.Tunnel("shop", "phone", Now.AddSeconds(-45), target: "http://127.0.0.1:9000/<script>"));

    private Task<RelayStatusServer> StartAsync(ITunnelDirectory directory) =>
        RelayStatusServer.StartAsync(directory, state.Path, NullLoggerFactory.Instance, CancellationToken.None, new ManualTimers(Now));

    [Fact]
    public async Task StatusJson_LiveTunnels_EveryFieldOverARealSocket()
    {
        await using var server = await StartAsync(Directory());
        using var client = new HttpClient();

        var text = await client.GetStringAsync(new Uri(server.Url, "/status.json"));

        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal("localhost", root.GetProperty("domain").GetString());
        Assert.Equal(Now, root.GetProperty("now").GetDateTimeOffset());
        var tunnels = root.GetProperty("tunnels").EnumerateArray().ToList();
        Assert.Equal(3, tunnels.Count);
        var myapp = tunnels[0];
        Assert.Equal("myapp", myapp.GetProperty("name").GetString());
        Assert.Equal("myapp.localhost", myapp.GetProperty("hostName").GetString());
        Assert.Equal("https://myapp.localhost:8443/", myapp.GetProperty("url").GetString());
        Assert.Equal("laptop", myapp.GetProperty("tokenName").GetString());
        Assert.Equal("127.0.0.1:50123", myapp.GetProperty("clientAddress").GetString());
        Assert.Equal("h2", myapp.GetProperty("transport").GetString());
        Assert.Equal("http://127.0.0.1:8000", myapp.GetProperty("target").GetString());
        Assert.Equal(JsonValueKind.Null, myapp.GetProperty("tcpPort").ValueKind);
        Assert.Equal(Now.AddMinutes(-3).AddSeconds(-5), myapp.GetProperty("connectedAt").GetDateTimeOffset());
        Assert.Equal(1536, myapp.GetProperty("bytesIn").GetInt64());
        Assert.Equal(3 * 1024 * 1024, myapp.GetProperty("bytesOut").GetInt64());
        Assert.Equal(2, myapp.GetProperty("openStreams").GetInt32());
        Assert.Equal(17, myapp.GetProperty("totalStreams").GetInt64());
    }

    [Fact]
    public async Task Page_LiveTunnels_HtmlTableWithEscapedCells()
    {
        await using var server = await StartAsync(Directory());
        using var client = new HttpClient();

        using var response = await client.GetAsync(server.Url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<table id=\"tunnels\">", html, StringComparison.Ordinal);
        Assert.Contains("<td>myapp</td><td>https://myapp.localhost:8443/</td><td>127.0.0.1:50123</td><td>h2</td><td>2/17</td><td>1.5 KiB / 3.0 MiB</td><td>3m05s</td><td>laptop</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>2h00m</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>45s</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close_TokenWithTwoTunnels_ClosesThemAsRevokedAndSaysHowMany()
    {
        var directory = Directory();
        await using var server = await StartAsync(directory);
        using var client = new HttpClient();

        using var response = await client.PostAsync(new Uri(server.Url, "/tokens/laptop/close"), content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, json.RootElement.GetProperty("closed").GetInt32());
        Assert.Equal([("laptop", "revoked")], directory.Closed);
        Assert.Equal(["shop"], directory.Snapshot().Select(t => t.Name));
    }

    [Fact]
    public async Task Close_WithGet_NotAllowedAndNothingClosed()
    {
        var directory = Directory();
        await using var server = await StartAsync(directory);

        var response = await RawHttpConnection.ExchangeAsync(server.Url.Port, "GET /tokens/laptop/close HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        Assert.Equal(405, response.Status);
        Assert.Empty(directory.Closed);
    }

    [Theory]
    [InlineData("rebind.attacker.example")]
    [InlineData("rebind.attacker.example:8080")]
    [InlineData("192.168.1.10")]
    public async Task Request_HostNotLoopback_RefusedBeforeAnythingIsShownOrClosed(string host)
    {
        var directory = Directory();
        await using var server = await StartAsync(directory);

        var get = await RawHttpConnection.ExchangeAsync(server.Url.Port, $"GET /status.json HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        var post = await RawHttpConnection.ExchangeAsync(server.Url.Port, $"POST /tokens/laptop/close HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        Assert.Equal(403, get.Status);
        Assert.DoesNotContain("myapp", get.Text, StringComparison.Ordinal);
        Assert.Contains("loopback", get.Text, StringComparison.Ordinal);
        Assert.Equal(403, post.Status);
        Assert.Empty(directory.Closed);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost:1234")]
    [InlineData("[::1]:1234")]
    [InlineData("127.1.2.3")]
    public async Task Request_LoopbackHost_Answered(string host)
    {
        await using var server = await StartAsync(Directory());

        var response = await RawHttpConnection.ExchangeAsync(server.Url.Port, $"GET /status.json HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.Contains("\"myapp\"", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close_CrossSiteOrigin_RefusedAndNothingClosed()
    {
        var directory = Directory();
        await using var server = await StartAsync(directory);

        var response = await RawHttpConnection.ExchangeAsync(server.Url.Port,
            $"POST /tokens/laptop/close HTTP/1.1\r\nHost: 127.0.0.1:{server.Url.Port}\r\nOrigin: https://attacker.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        Assert.Equal(403, response.Status);
        Assert.Empty(directory.Closed);
    }

    [Fact]
    public async Task StatusUrl_WrittenAtStartOnLoopbackAndRemovedAtStop()
    {
        var urlFile = RelayStateFiles.StatusUrl(state.Path);
        var server = await StartAsync(Directory());

        Assert.Equal(IPAddress.Loopback.ToString(), server.Url.Host);
        Assert.Equal(server.Url, RelayStatusClient.ReadUrl(urlFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(urlFile));

        await server.DisposeAsync();

        Assert.False(File.Exists(urlFile));
        using var client = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(server.Url));
    }

    [Fact]
    public async Task StatusUrl_AnotherRelayWroteItsOwn_LeftInPlaceAtStop()
    {
        var urlFile = RelayStateFiles.StatusUrl(state.Path);
        var first = await StartAsync(Directory());
        await using var second = await StartAsync(Directory());

        await first.DisposeAsync();

        Assert.Equal(second.Url, RelayStatusClient.ReadUrl(urlFile));
    }

    [Theory]
    [InlineData("http://192.0.2.1:8080/")]
    [InlineData("https://127.0.0.1:8080/")]
    [InlineData("not a url")]
    public void ReadUrl_NotAnHttpLoopbackUrl_Ignored(string content)
    {
        var urlFile = state.File("status.url");
        File.WriteAllText(urlFile, content);

        Assert.Null(RelayStatusClient.ReadUrl(urlFile));
    }
}
