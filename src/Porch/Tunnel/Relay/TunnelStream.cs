using System.IO.Pipelines;

namespace Porch.Tunnel.Relay;

/// <summary>
/// One data stream once the client said it is ready: what the tunnel's forwarder (or a public TCP connection) reads
/// and writes as if it were a socket to the app. Reads come through the reader that took the ready line, so bytes
/// the client sent right after it are not lost; every write is flushed, so an interactive protocol sees each one now.
/// Counts bytes and activity for the session; disposing it ends the stream.
/// </summary>
internal sealed class TunnelStream : Stream
{
    private readonly Stream inner;
    private readonly PipeReader reader;
    private readonly Stream input;
    private readonly ParkedStream parked;
    private readonly TunnelSession session;
    private readonly TimeProvider time;
    private long lastActive;
    private int disposed;

    public TunnelStream(Stream inner, PipeReader reader, ParkedStream parked, TunnelSession session, TimeProvider time)
    {
        this.inner = inner;
        this.reader = reader;
        this.parked = parked;
        this.session = session;
        this.time = time;
        input = reader.AsStream(leaveOpen: true);
        lastActive = time.GetTimestamp();
    }

    /// <summary>When a byte last went either way (a <see cref="TimeProvider"/> timestamp).</summary>
    public long LastActive => Interlocked.Read(ref lastActive);

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await input.ReadAsync(buffer, cancellationToken);
        session.Counters.AddOut(read);
        Interlocked.Exchange(ref lastActive, time.GetTimestamp());
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        await inner.FlushAsync(cancellationToken);
        session.Counters.AddIn(buffer.Length);
        Interlocked.Exchange(ref lastActive, time.GetTimestamp());
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The forwarder's SocketsHttpHandler and the TCP pump only use the asynchronous methods.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Breaks the stream at once (idle, or the tunnel closed): pending reads and writes fail.</summary>
    public void Abort()
    {
        if (Volatile.Read(ref disposed) != 0)
        {
            return;
        }

        reader.CancelPendingRead();
        parked.Abort();
    }

    public override async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    private async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await reader.CompleteAsync();
        await inner.DisposeAsync();
        session.StreamEnded(this);
    }
}
