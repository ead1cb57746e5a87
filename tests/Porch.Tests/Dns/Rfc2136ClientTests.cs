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
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var answering = Task.Run(async () =>
        {
            var buffer = new byte[1024];
            var from = new IPEndPoint(IPAddress.Any, 0);
            var received = await server.ReceiveFromAsync(buffer, from);
            byte[] garbage = [buffer[0], buffer[1], 0x80, 0, 0, 1, 0xFF, 0xFF];
            await server.SendToAsync(garbage, received.RemoteEndPoint);
        });

        var result = await Client((IPEndPoint)server.LocalEndPoint!).UpdateAsync([], AddTxt, CancellationToken.None);
        await answering;

        Assert.Equal(DnsUpdateStatus.BadResponse, result.Status);
        Assert.Contains("not a DNS message (the message is 8 bytes, shorter than the 12-byte header)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_UnsignedNoErrorAnswerToASignedRequest_IsNotTrusted()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var answering = Task.Run(async () =>
        {
            var buffer = new byte[1024];
            var received = await server.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0));
            var request = DnsMessageReader.Read(buffer.AsSpan(0, received.ReceivedBytes)).Message!;
            var header = request.Header with { IsResponse = true, Rcode = 0 };
            await server.SendToAsync(DnsMessageWriter.Encode(header, request.Questions, [], [], []), received.RemoteEndPoint);
        });

        var result = await Client((IPEndPoint)server.LocalEndPoint!).UpdateAsync([], AddTxt, CancellationToken.None);
        await answering;

        Assert.Equal(DnsUpdateStatus.BadResponse, result.Status);
        Assert.Contains("failed TSIG verification (Unsigned) with TSIG key 'porch-key' (hmac-sha256)", result.Message, StringComparison.Ordinal);
    }
}
