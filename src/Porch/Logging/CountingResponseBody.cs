using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Porch.Logging;

/// <summary>
/// Stands in for the server's response body while a request runs and counts the body bytes the application writes
/// (the access log's %b), whether it writes through <see cref="Stream"/>, <see cref="Writer"/> or a file.
/// </summary>
/// <remarks>
/// One instance is kept per HTTP/1.1 connection or pooled HTTP/2 stream through Kestrel's
/// <see cref="IPersistentStateFeature"/>, so counting allocates nothing per request. That is the same lifetime Kestrel
/// gives its own body stream objects, so code that (wrongly) keeps a body reference past its request gains no new way
/// to misbehave.
/// </remarks>
internal sealed class CountingResponseBody : IHttpResponseBodyFeature
{
    private static readonly object StateKey = new();

    private IHttpResponseBodyFeature inner = null!;
    private CountingBodyStream? stream;
    private CountingBodyWriter? writer;

    public long BytesSent { get; private set; }

    public Stream Stream => stream ??= new CountingBodyStream(this);

    public PipeWriter Writer => writer ??= new CountingBodyWriter(this);

    /// <summary>The server's own body feature this one forwards to.</summary>
    public IHttpResponseBodyFeature Inner => inner;

    /// <summary>Installs a counter (reused when Kestrel lets us keep one) in front of the current body feature.</summary>
    public static CountingResponseBody Install(IFeatureCollection features)
    {
        var state = features.Get<IPersistentStateFeature>()?.State;
        CountingResponseBody body;
        if (state is not null && state.TryGetValue(StateKey, out var kept))
        {
            body = (CountingResponseBody)kept!;
        }
        else
        {
            body = new CountingResponseBody();
            state?.Add(StateKey, body);
        }

        body.inner = features.GetRequiredFeature<IHttpResponseBodyFeature>();
        body.BytesSent = 0;
        features.Set<IHttpResponseBodyFeature>(body);
        return body;
    }

    /// <summary>Puts the server's feature back, so nothing after this request sees the counter.</summary>
    public void Uninstall(IFeatureCollection features) => features.Set(inner);

    public void Count(long bytes) => BytesSent += bytes;

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task CompleteAsync() => inner.CompleteAsync();

    /// <summary>Kestrel sends files by copying them into its body stream too; copying into ours counts them.</summary>
    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(Stream, path, offset, count, cancellationToken);
}
