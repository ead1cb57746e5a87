using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Porch.Coffee;
using Porch.Wire.Htcpcp;

namespace Porch.Tests.Coffee;

/// <summary>How the pot reads: framing without Content-Length, garbage, limits, stalls, and many clients at once.</summary>
public class PotConnectionTests : IAsyncLifetime
{
    private static readonly CoffeeOptions Options = new() { Limits = new HtcpcpLimits { MaxHeadBytes = 2048 } };

    private CoffeeTestHost host = null!;

    public async Task InitializeAsync() => host = await CoffeeTestHost.StartAsync(Options);

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("\u0001\u0002\u0003 binary garbage\r\n\r\n")]
    [InlineData("{\"json\": \"is not HTCPCP\"}\r\n\r\n")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nContent-Type : message/coffeepot\r\n\r\nstart")]
    [InlineData("BREW coffee://ducky HTTP/3\r\n\r\nstart")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nstart\r\n0\r\n\r\n")]
    public async Task Garbage_400AndClosedAtOnce(string request)
    {
        var reply = await host.SendAsync(request);

        Assert.Equal("HTCPCP/1.0 400 Bad Request", reply.StatusLine);
        Assert.True(reply.Elapsed < TimeSpan.FromSeconds(1), $"reply took {reply.Elapsed}");
        Assert.True(reply.ClosedByPot);
    }

    [Fact]
    public async Task TlsClientHello_400ExplainsPlainText()
    {
        var hello = new byte[] { 0x16, 0x03, 0x01, 0x00, 0x2a, 0x01, 0x00, 0x00, 0x26, 0x03, 0x03 };

        var reply = await RawHtcpcpClient.ExchangeAsync(host.PotPort, [hello], TimeSpan.Zero);

        Assert.Equal(400, reply.Status);
        Assert.Contains("TLS handshake", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedHeaders_400AndClosed()
    {
        var reply = await host.SendAsync("GET coffee://ducky HTTP/1.1\r\nX-Filler: " + new string('x', 5000) + "\r\n\r\n");

        Assert.Equal(400, reply.Status);
        Assert.Contains("too large", reply.Body, StringComparison.Ordinal);
        Assert.True(reply.ClosedByPot);
    }

    [Theory]
    [InlineData("BREW coffee://ducky HTTP/1.1")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nContent-Type: message/coffeepot\r\nstart")]
    public async Task MissingCrlf_ClientKeepsWaiting_400AfterHeaderTimeoutAndClosed(string request)
    {
        await using var impatient = await CoffeeTestHost.StartAsync(Options with { HeaderTimeout = TimeSpan.FromSeconds(1) });

        var reply = await impatient.SendAsync(request);

        Assert.Equal(400, reply.Status);
        Assert.Contains("did not end within 1 s", reply.Body, StringComparison.Ordinal);
        Assert.InRange(reply.SinceConnect, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        Assert.True(reply.ClosedByPot);
    }

    [Fact]
    public async Task ClientHalfClosesMidHead_400()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, host.PotPort);
        await socket.SendAsync("GET coffee://ducky HTTP/1.1\r\nUse-Pot: tea"u8.ToArray(), SocketFlags.None);
        socket.Shutdown(SocketShutdown.Send);

        var buffer = new byte[1024];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None);

        Assert.StartsWith("HTCPCP/1.0 400 Bad Request", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContentLengthBodyInSeparateSegment_WaitsForIt()
    {
        byte[][] parts =
        [
            "BREW coffee://ducky HTTP/1.1\r\nContent-Type: message/coffeepot\r\nContent-Length: 5\r\n\r\nst"u8.ToArray(),
            "art"u8.ToArray(),
        ];

        var reply = await RawHtcpcpClient.ExchangeAsync(host.PotPort, parts, TimeSpan.FromMilliseconds(400));

        Assert.Equal(200, reply.Status);
    }

    [Fact]
    public async Task BodyWithoutContentLengthWrittenJustAfterTheHead_TakenAsTheBody()
    {
        byte[][] parts = ["BREW coffee://ducky HTTP/1.1\r\nContent-Type: message/coffeepot\r\n\r\n"u8.ToArray(), "start"u8.ToArray()];

        var reply = await RawHtcpcpClient.ExchangeAsync(host.PotPort, parts, TimeSpan.FromMilliseconds(50));

        Assert.Equal(200, reply.Status);
    }

    [Fact]
    public async Task BrewHeadWithoutBody_ClientKeepsWaiting_AnsweredWithinOneSecond()
    {
        var reply = await host.SendAsync("BREW coffee://ducky HTTP/1.1\r\nContent-Type: message/coffeepot\r\n\r\n");

        Assert.Equal(400, reply.Status);
        Assert.Contains("start or stop", reply.Body, StringComparison.Ordinal);
        Assert.True(reply.Elapsed < TimeSpan.FromSeconds(1), $"reply took {reply.Elapsed}");
    }

    [Fact]
    public async Task BareLineFeeds_AsTypedIntoNetcat_Understood()
    {
        var reply = await host.SendAsync("BREW coffee://ducky HTCPCP/1.0\nContent-Type: message/coffeepot\n\nstart\n");

        Assert.Equal(200, reply.Status);
    }

    [Fact]
    public async Task ConcurrentClients_EachGetsItsOwnAnswer()
    {
        var clock = Stopwatch.StartNew();
        var requests = Enumerable.Range(0, 40).Select(i => (i % 4) switch
        {
            0 => ("GET coffee://ducky HTTP/1.1\r\n\r\n", 200),
            1 => ("PROPFIND coffee://tea/darjeeling HTTP/1.1\r\n\r\n", 200),
            2 => ("BREW coffee://ducky HTTP/1.1\r\nContent-Type: message/coffeepot\r\nUse-Pot: tea\r\n\r\nstart", 418),
            _ => ("FILL coffee://ducky HTTP/1.1\r\n\r\n", 501),
        }).ToList();

        var replies = await Task.WhenAll(requests.Select(r => host.SendAsync(r.Item1)));

        Assert.Equal(requests.Select(r => r.Item2), replies.Select(r => r.Status));
        Assert.All(replies, r => Assert.True(r.ClosedByPot));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ConcurrentStarts_ExactlyOneBrews()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            host.SendAsync("BREW coffee://ducky HTTP/1.1\r\nContent-Type: message/coffeepot\r\n\r\nstart")));

        Assert.Equal(1, replies.Count(r => r.Status == 200));
        Assert.Equal(15, replies.Count(r => r.Status == 503));
    }
}
