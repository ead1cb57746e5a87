using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Dns;
using Porch.Tests.Support;
using Porch.Wire.Dns;

namespace Porch.Tests.Dns;

/// <summary>The client's faults over real loopback sockets: silence, nothing listening, and garbage answers.</summary>
public class Rfc2136ClientTests
{
    private static Rfc2136Client Client(IPEndPoint server, int attempts = 2) => new(
        new Rfc2136Settings(server, "example.com", new TsigKey("porch-key", TsigAlgorithm.HmacSha256, new byte[32]))
        {
            Timeout = TimeSpan.FromMilliseconds(300),
            Attempts = attempts,
        },
        TimeProvider.System,
        NullLogger<Rfc2136Client>.Instance);

    private static IReadOnlyList<DnsRecord> AddTxt => [DnsUpdateRecords.Add("x.example.com", DnsType.TXT, 60, DnsRecordData.Txt("v"))];

    [Fact]
    public async Task Update_ServerNeverAnswers_TimesOutAfterEveryAttempt()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var clock = Stopwatch.StartNew();

        var result = await Client((IPEndPoint)silent.LocalEndPoint!, attempts: 3).UpdateAsync([], AddTxt, CancellationToken.None);

        Assert.Equal(DnsUpdateStatus.Timeout, result.Status);
        Assert.Contains("after 3 attempts of 0.3 s", result.Message, StringComparison.Ordinal);
        Assert.Contains("check the server address and port", result.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(850), TimeSpan.FromSeconds(30));

        // Every attempt really sent the request.
        var received = 0;
        var buffer = new byte[1024];
        while (silent.Available > 0)
        {
            silent.Receive(buffer);
            received++;
        }

        Assert.Equal(3, received);
    }

    [Fact]
    public async Task Update_NothingListens_IsUnreachable()
    {
        var port = FreePort.Allocate();

        var result = await Client(new IPEndPoint(IPAddress.Loopback, port)).UpdateAsync([], AddTxt, CancellationToken.None);

        Assert.Equal(DnsUpdateStatus.Unreachable, result.Status);
        Assert.Contains($"nothing answers DNS at 127.0.0.1:{port} (connection refused)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_GarbageAnswerWithOurId_IsABadResponse()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var answering = AnswerOnceAsync(server, request => [request[0], request[1], 0x80, 0, 0, 1, 0xFF, 0xFF]);

        var result = await Client((IPEndPoint)server.LocalEndPoint!).UpdateAsync([], AddTxt, CancellationToken.None);
        await answering;

        Assert.Equal(DnsUpdateStatus.BadResponse, result.Status);
        Assert.Contains("not a DNS message (the message is 8 bytes, shorter than the 12-byte header)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_UnsignedNoErrorAnswerToASignedRequest_IsNotTrusted()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var answering = AnswerOnceAsync(server, bytes =>
        {
            var request = DnsMessageReader.Read(bytes).Message!;
            return DnsMessageWriter.Encode(request.Header with { IsResponse = true, Rcode = 0 }, request.Questions, [], [], []);
        });

        var result = await Client((IPEndPoint)server.LocalEndPoint!).UpdateAsync([], AddTxt, CancellationToken.None);
        await answering;

        Assert.Equal(DnsUpdateStatus.BadResponse, result.Status);
        Assert.Contains("failed TSIG verification (Unsigned) with TSIG key 'porch-key' (hmac-sha256)", result.Message, StringComparison.Ordinal);
    }

    /// <summary>Binds <paramref name="server"/> to a loopback port and answers the first datagram with <paramref name="answer"/>.</summary>
    private static Task AnswerOnceAsync(Socket server, Func<byte[], byte[]> answer)
    {
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return Task.Run(async () =>
        {
            var buffer = new byte[1024];
            var received = await server.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0));
            await server.SendToAsync(answer(buffer[..received.ReceivedBytes]), received.RemoteEndPoint);
        });
    }
}
