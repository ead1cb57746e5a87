using System.IO.Pipelines;

namespace Porch.Tunnel.Client;

/// <summary>
/// One answered request on the tunnel connection, used both ways: <see cref="Input"/> is what the relay sends (message
/// lines, then raw bytes), <see cref="Output"/> is what the client sends. Each transport maps it onto its own frames.
/// </summary>
internal abstract class TunnelChannel : IAsyncDisposable
{
    /// <summary>The relay's HTTP status for this request.</summary>
    public abstract int Status { get; }

    /// <summary>The relay's bytes, read exactly (a message line, then the raw bytes after it).</summary>
    public abstract PipeReader Input { get; }

    /// <summary>The client's bytes to the relay; flush to send them now.</summary>
    public abstract Stream Output { get; }

    /// <summary>Ends the client's direction (the relay sees the end of the stream) while <see cref="Input"/> stays open.</summary>
    public abstract ValueTask CompleteOutputAsync();

    /// <summary>Ends both directions, aborting the stream when it did not end cleanly.</summary>
    public abstract ValueTask DisposeAsync();
}
