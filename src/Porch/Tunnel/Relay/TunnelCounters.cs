namespace Porch.Tunnel.Relay;

/// <summary>One session's traffic so far, updated by its streams from any thread, read by the status page.</summary>
internal sealed class TunnelCounters
{
    private long bytesIn;
    private long bytesOut;
    private int openStreams;
    private long totalStreams;

    /// <summary>Bytes from public clients into the tunnel.</summary>
    public long BytesIn => Interlocked.Read(ref bytesIn);

    /// <summary>Bytes from the tunnel out to public clients.</summary>
    public long BytesOut => Interlocked.Read(ref bytesOut);

    public int OpenStreams => Volatile.Read(ref openStreams);

    public long TotalStreams => Interlocked.Read(ref totalStreams);

    public void AddIn(int count) => Interlocked.Add(ref bytesIn, count);

    public void AddOut(int count) => Interlocked.Add(ref bytesOut, count);

    public void StreamOpened()
    {
        Interlocked.Increment(ref openStreams);
        Interlocked.Increment(ref totalStreams);
    }

    public void StreamClosed() => Interlocked.Decrement(ref openStreams);
}
