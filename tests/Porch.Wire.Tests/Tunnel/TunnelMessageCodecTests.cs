using System.Buffers;
using System.Text;
using Porch.Wire.Tunnel;

namespace Porch.Wire.Tests.Tunnel;

public class TunnelMessageCodecTests
{
    private static readonly Dictionary<string, TunnelMessage> Samples = new()
    {
        {
            "hello", new HelloMessage(
                TunnelProtocol.Version, "myapp", Tcp: true, "h2c", "/app", "h2c://127.0.0.1:9000/app",
                new TunnelAccess("password", ["guest:$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA"], ["192.0.2.0/24"], ["198.51.100.7/32"], 10, 60))
        },
        { "hello without name or access", new HelloMessage(TunnelProtocol.Version, null, false, "http", "", "http://127.0.0.1:8000", null) },
        { "welcome", new WelcomeMessage("myapp", "https://myapp.localhost:8443", 40000, "c2Vzc2lvbg", 8, 1024) },
        { "welcome without tcp", new WelcomeMessage("k3v9q2xa", "https://k3v9q2xa.example.com", null, "s", 4, 16) },
        { "streams", new StreamsMessage(3) },
        { "closing", new ClosingMessage(ClosingReason.Revoked, "the token \"laptop\" was revoked") },
        { "error", new ErrorMessage(TunnelErrorCode.NameTaken, "\"myapp\" is reserved to another token") },
        { "open", new StreamOpenMessage(StreamKind.Http, "2001:db8::1", 51234, "127.0.0.1", 8443) },
        { "ready", new StreamReadyMessage() },
        { "failed", new StreamFailedMessage("connection refused to 127.0.0.1:8000") },
    };

    public static TheoryData<string> Messages => [.. Samples.Keys];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Decode_EncodedMessage_RoundTrips(string label)
    {
        var message = Samples[label];
        var line = TunnelMessageCodec.Encode(message);

        Assert.Equal((byte)'\n', line[^1]);
        Assert.Equal(1, line.Count(b => b == '\n'));
        var status = TunnelMessageCodec.TryDecode(new ReadOnlySequence<byte>(line), out var decoded, out var consumed, out var error);
        Assert.True(status == TunnelDecodeStatus.Message, $"{label}: {error}");
        Assert.Null(error);
        Assert.Equal(line.Length, new ReadOnlySequence<byte>(line).Slice(0, consumed).Length);
        Assert.IsType(message.GetType(), decoded);
        // Records holding lists compare by reference, so compare what they encode to.
        Assert.Equal(Encoding.UTF8.GetString(line), Encoding.UTF8.GetString(TunnelMessageCodec.Encode(decoded!)));
    }

    [Fact]
    public void Decode_Hello_KeepsEveryField()
    {
        var line = TunnelMessageCodec.Encode(new HelloMessage(1, "myapp", true, "http", "/base", "https://127.0.0.1:8443/base",
            new TunnelAccess("deny", ["a:b"], ["10.0.0.0/8"], [], null, null)));

        TunnelMessageCodec.TryDecode(new ReadOnlySequence<byte>(line), out var message, out _, out _);

        var hello = Assert.IsType<HelloMessage>(message);
        Assert.Equal((1, "myapp", true, "http", "/base", "https://127.0.0.1:8443/base"), (hello.Version, hello.Name, hello.Tcp, hello.Scheme, hello.BasePath, hello.Target));
        Assert.Equal("deny", hello.Access!.Remote);
        Assert.Equal(["a:b"], hello.Access.Users);
        Assert.Equal(["10.0.0.0/8"], hello.Access.Allow);
        Assert.Empty(hello.Access.Deny);
        Assert.Null(hello.Access.RateLimitRequests);
    }

    [Fact]
    public void Encode_UsesTypeDiscriminatorAndCamelCase()
    {
        var text = Encoding.UTF8.GetString(TunnelMessageCodec.Encode(new StreamsMessage(2)));

        Assert.Equal("{\"type\":\"streams\",\"count\":2}\n", text);
    }

    [Fact]
    public void Encode_NewlineInsideAString_IsEscaped()
    {
        var line = TunnelMessageCodec.Encode(new StreamFailedMessage("first\nsecond"));

        Assert.Equal(1, line.Count(b => b == '\n'));
        TunnelMessageCodec.TryDecode(new ReadOnlySequence<byte>(line), out var message, out _, out _);
        Assert.Equal("first\nsecond", Assert.IsType<StreamFailedMessage>(message).Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"type\":\"streams\",\"count\":2}")]
    public void Decode_NoNewlineYet_NeedsMore(string text)
    {
        var status = TunnelMessageCodec.TryDecode(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)), out var message, out var consumed, out var error);

        Assert.Equal(TunnelDecodeStatus.NeedMore, status);
        Assert.Null(message);
        Assert.Null(error);
        Assert.Equal(0, consumed.GetInteger());
    }

    [Fact]
    public void Decode_LineSplitOverSegments_Decodes()
    {
        var line = TunnelMessageCodec.Encode(new StreamFailedMessage("connection refused to 127.0.0.1:8000"));
        var sequence = Segments.Of(line[..5], line[5..20], line[20..]);

        var status = TunnelMessageCodec.TryDecode(sequence, out var message, out var consumed, out _);

        Assert.Equal(TunnelDecodeStatus.Message, status);
        Assert.IsType<StreamFailedMessage>(message);
        Assert.True(sequence.Slice(consumed).IsEmpty);
    }

    [Theory]
    [InlineData("not json\n", "not a tunnel message")]
    [InlineData("{\"type\":\"streams\",\"count\":\n", "not a tunnel message")]
    [InlineData("{\"type\":\"teapot\"}\n", "not a tunnel message")]
    [InlineData("{\"count\":2}\n", "not a tunnel message")]
    [InlineData("[1,2]\n", "not a tunnel message")]
    [InlineData("null\n", "JSON null")]
    public void Decode_BadLine_IsInvalidAndSaysWhy(string text, string expected)
    {
        var status = TunnelMessageCodec.TryDecode(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)), out var message, out _, out var error);

        Assert.Equal(TunnelDecodeStatus.Invalid, status);
        Assert.Null(message);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_LongLineWithoutNewline_IsInvalidOnceAtTheLimit()
    {
        var almost = new byte[TunnelProtocol.MaxMessageBytes - 1];
        almost.AsSpan().Fill((byte)'a');

        Assert.Equal(TunnelDecodeStatus.NeedMore, TunnelMessageCodec.TryDecode(new ReadOnlySequence<byte>(almost), out _, out _, out _));
        var status = TunnelMessageCodec.TryDecode(new ReadOnlySequence<byte>([.. almost, (byte)'a']), out _, out _, out var error);
        Assert.Equal(TunnelDecodeStatus.Invalid, status);
        Assert.Contains("longer than", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_LongLineWithNewline_IsInvalid()
    {
        var detail = new string('x', TunnelProtocol.MaxMessageBytes);
        var line = TunnelMessageCodec.Encode(new StreamFailedMessage(detail));

        var status = TunnelMessageCodec.TryDecode(new ReadOnlySequence<byte>(line), out var message, out _, out var error);

        Assert.Equal(TunnelDecodeStatus.Invalid, status);
        Assert.Null(message);
        Assert.Contains("longer than", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TwoLinesInOneBuffer_ConsumesExactlyTheFirst()
    {
        var first = TunnelMessageCodec.Encode(new StreamOpenMessage(StreamKind.Tcp, "192.0.2.1", 1234, "127.0.0.1", 40000));
        var second = TunnelMessageCodec.Encode(new StreamsMessage(5));
        var buffer = new ReadOnlySequence<byte>([.. first, .. second, .. "raw"u8.ToArray()]);

        Assert.Equal(TunnelDecodeStatus.Message, TunnelMessageCodec.TryDecode(buffer, out var one, out var consumed, out _));
        Assert.IsType<StreamOpenMessage>(one);
        Assert.Equal(first.Length, consumed.GetInteger());

        var rest = buffer.Slice(consumed);
        Assert.Equal(TunnelDecodeStatus.Message, TunnelMessageCodec.TryDecode(rest, out var two, out var consumedTwo, out _));
        Assert.Equal(5, Assert.IsType<StreamsMessage>(two).Count);
        Assert.Equal("raw", Encoding.ASCII.GetString(rest.Slice(consumedTwo).ToArray()));
    }

    [Fact]
    public void Decode_InvalidLine_LeavesConsumedAtStart()
    {
        var buffer = new ReadOnlySequence<byte>("garbage\n"u8.ToArray());

        TunnelMessageCodec.TryDecode(buffer, out _, out var consumed, out _);

        Assert.Equal(buffer.Start, consumed);
    }
}
