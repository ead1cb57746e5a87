using System.IO.Pipelines;
using System.Text;
using Porch.Tunnel;
using Porch.Wire.Tunnel;

namespace Porch.Tests.Tunnel;

/// <summary>The line reader over a real <see cref="Pipe"/>, fed in pieces as a network delivers them.</summary>
public sealed class TunnelMessageReaderTests
{
    private readonly Pipe pipe = new();

    [Fact]
    public async Task ReadAsync_LineThenRawBytes_LeavesTheRawBytesInTheReader()
    {
        var line = TunnelMessageCodec.Encode(new StreamOpenMessage(StreamKind.Http, "192.0.2.1", 1234, "127.0.0.1", 443));
        await pipe.Writer.WriteAsync((byte[])[.. line, .. "GET / HTTP/1.1\r\n"u8.ToArray()]);
        await pipe.Writer.CompleteAsync();

        var message = await TunnelMessageReader.ReadAsync(pipe.Reader, CancellationToken.None);

        Assert.IsType<StreamOpenMessage>(message);
        var rest = new MemoryStream();
        await pipe.Reader.AsStream().CopyToAsync(rest);
        Assert.Equal("GET / HTTP/1.1\r\n", Encoding.ASCII.GetString(rest.ToArray()));
    }

    [Fact]
    public async Task ReadAsync_LineInPieces_WaitsForTheNewline()
    {
        var line = TunnelMessageCodec.Encode(new StreamsMessage(7));
        var reading = TunnelMessageReader.ReadAsync(pipe.Reader, CancellationToken.None).AsTask();

        foreach (var piece in line.Chunk(3))
        {
            Assert.False(reading.IsCompleted);
            await pipe.Writer.WriteAsync(piece);
            await Task.Yield();
        }

        Assert.Equal(7, Assert.IsType<StreamsMessage>(await reading.WaitAsync(TimeSpan.FromSeconds(10))).Count);
    }

    [Fact]
    public async Task ReadAsync_TwoLines_ReadsThemInOrder()
    {
        await pipe.Writer.WriteAsync((byte[])[.. TunnelMessageCodec.Encode(new StreamsMessage(1)), .. TunnelMessageCodec.Encode(new ClosingMessage(ClosingReason.Shutdown, "bye"))]);
        await pipe.Writer.CompleteAsync();

        Assert.IsType<StreamsMessage>(await TunnelMessageReader.ReadAsync(pipe.Reader, CancellationToken.None));
        Assert.IsType<ClosingMessage>(await TunnelMessageReader.ReadAsync(pipe.Reader, CancellationToken.None));
        Assert.Null(await TunnelMessageReader.ReadAsync(pipe.Reader, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_CleanEnd_ReturnsNull()
    {
        await pipe.Writer.CompleteAsync();

        Assert.Null(await TunnelMessageReader.ReadAsync(pipe.Reader, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_EndInsideALine_Throws()
    {
        await pipe.Writer.WriteAsync("{\"type\":\"str"u8.ToArray());
        await pipe.Writer.CompleteAsync();

        var e = await Assert.ThrowsAsync<TunnelProtocolException>(() => TunnelMessageReader.ReadAsync(pipe.Reader, CancellationToken.None).AsTask());
        Assert.Contains("in the middle of a message line", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Garbage_ThrowsNamingTheProblem()
    {
        await pipe.Writer.WriteAsync("GET / HTTP/1.1\r\n\n"u8.ToArray());

        var e = await Assert.ThrowsAsync<TunnelProtocolException>(() => TunnelMessageReader.ReadAsync(pipe.Reader, CancellationToken.None).AsTask());
        Assert.Contains("not a tunnel message", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EndlessLine_ThrowsAtTheLimit()
    {
        var writing = Task.Run(async () =>
        {
            var chunk = new byte[4096];
            chunk.AsSpan().Fill((byte)'x');
            for (var sent = 0; sent <= TunnelProtocol.MaxMessageBytes * 2; sent += chunk.Length)
            {
                var flush = await pipe.Writer.WriteAsync(chunk);
                if (flush.IsCompleted)
                {
                    return;
                }
            }
        });

        var e = await Assert.ThrowsAsync<TunnelProtocolException>(() => TunnelMessageReader.ReadAsync(pipe.Reader, CancellationToken.None).AsTask());
        Assert.Contains("longer than", e.Message, StringComparison.Ordinal);
        await pipe.Reader.CompleteAsync();
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WriteAsync_WritesOneFlushedLineTheReaderReads()
    {
        var stream = pipe.Writer.AsStream();

        await TunnelMessageReader.WriteAsync(stream, new StreamFailedMessage("connection refused to 127.0.0.1:8000"), CancellationToken.None);

        var message = await TunnelMessageReader.ReadAsync(pipe.Reader, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("connection refused to 127.0.0.1:8000", Assert.IsType<StreamFailedMessage>(message).Detail);
    }
}
