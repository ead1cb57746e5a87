using System.IO.Pipelines;

namespace Porch.Tunnel.Relay;

/// <summary>
/// One data stream once the client said it is ready: what the tunnel's forwarder (or a public TCP connection) reads
/// and writes as if it were a socket to the app. Reads come through the reader that took the ready line, so bytes
/// the client sent right after it are not lost; every write leaves at once, so an interactive protocol sees each one
/// now. Counts bytes and activity for the session; disposing it ends the stream.
/// </summary>
internal sealed class TunnelStream : DuplexStream
{
    private readonly Stream inner;
    private readonly PipeReader reader;
    private readonly Stream input;
    private readonly ParkedStream parked;
    private readonly TunnelSession session;
    private readonly TimeProvider time;

    /// <summary>Held while a read runs, so closing can wait for it (see <see cref="CloseAsync"/>). Reads never overlap.</summary>
    private readonly SemaphoreSlim reading = new(1, 1);
    private long lastActive;

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

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await reading.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            var read = await input.ReadAsync(buffer, cancellationToken);
            session.Counters.AddOut(read);
            Interlocked.Exchange(ref lastActive, time.GetTimestamp());
            return read;
        }
        finally
        {
            reading.Release();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // The parked stream's own stream sends each write at once (an HTTP/2 response body write flushes): no second
        // flush, which Kestrel would turn into one more pass of its frame writer per write.
        await inner.WriteAsync(buffer, cancellationToken);
        session.Counters.AddIn(buffer.Length);
        Interlocked.Exchange(ref lastActive, time.GetTimestamp());
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Ends the relay's direction only (a public TCP client's FIN) while the client's bytes keep coming. A transport
    /// that cannot half-close keeps that direction open until the stream ends.
    /// </summary>
    public ValueTask CompleteWritesAsync() => inner is IWriteCompletable completable ? completable.CompleteWritesAsync() : ValueTask.CompletedTask;

    /// <summary>Breaks the stream at once (idle, or the tunnel closed): pending reads and writes fail.</summary>
    public void Abort()
    {
        if (IsClosed)
        {
            return;
        }

        reader.CancelPendingRead();
        parked.Abort();
    }

    /// <summary>
    /// Ends a read still running first: the forwarder keeps one going on every idle connection to notice a close, and
    /// drops the connection with it pending. Ending the stream lets the relay's stream endpoint return, after which
    /// Kestrel reuses that request's objects for the tunnel connection's next stream; a read left running on them
    /// collided with the next stream's own reads ("Reading is already in progress", a 502 for every visitor who
    /// came back after a minute's pause) and could have taken its bytes.
    /// </summary>
    protected override async ValueTask CloseAsync()
    {
        reader.CancelPendingRead();
        await reading.WaitAsync();
        try
        {
            await reader.CompleteAsync();
            await inner.DisposeAsync();
        }
        finally
        {
            // Later reads find the stream closed instead of waiting for ever.
            reading.Release();
        }

        session.StreamEnded(this);
    }
}
