using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Porch.Hosting;

namespace Porch.Forwarding;

/// <summary>
/// Reverse proxy to one upstream app. Every route to the same upstream shares this instance and so its
/// connection pool.
/// <code>
///   client ──(a) request──▶ Porch ──(b) request──▶ upstream
///   client ◀─(d) response── Porch ◀─(c) response── upstream
/// </code>
/// A request goes through these steps:
/// <list type="number">
/// <item>Classify it: an ordinary request, or an upgrade (HTTP/1.1 Upgrade, HTTP/2 extended CONNECT, RFC 8441).
/// A plain CONNECT is refused: Porch is not a forward proxy.</item>
/// <item>Build the outgoing request (b): same method, the upstream's base path followed by the target exactly as the
/// client sent it, HTTP/1.1 (HTTP/2 for an <c>h2c://</c> upstream).</item>
/// <item>Attach the client's body (a→b) as content that streams as it arrives, and only when there is a body: an empty
/// one must not turn into <c>Transfer-Encoding: chunked</c>, and a body still "sending" would keep the upstream
/// connection out of the pool, which is how a naive proxy ends up with twice as many connections as clients.</item>
/// <item>Copy the headers minus hop-by-hop ones (RFC 9110 §7.6.1), keep Host (except towards https, see
/// <see cref="UpstreamClient.KeepsClientHost"/>), add X-Forwarded-* and Forwarded.</item>
/// <item>Send, returning as soon as the response head (c) arrives. Until then the response timeout runs (restarted by
/// body progress); the client leaving cancels the upstream request at any step.</item>
/// <item>An accepted upgrade: answer the client's handshake, switch its connection, pump bytes both ways (a⇄b, c⇄d)
/// until one side closes.</item>
/// <item>Otherwise copy status and headers minus hop-by-hop ones (d), sent at once when no body byte is ready yet,
/// then the body, read straight into Kestrel's output and flushed per read so server-sent events arrive as they are
/// sent; then trailers.</item>
/// <item>If the request body is still being copied (the app answered without reading it all), give it a moment,
/// then stop it.</item>
/// </list>
/// Failures are values (<see cref="ForwarderError"/>): before the response starts they become a 502 or 504 page
/// naming the upstream and the reason; after it started, the client connection is aborted so the truncation shows.
/// Each is logged once. Nothing throws out of <see cref="HandleAsync"/>.
/// </summary>
internal sealed class Forwarder(ForwarderOptions options, ILogger<Forwarder> logger) : IRequestHandler, IDisposable
{
    /// <summary>How long a request body copy may run on after the response is complete before it is stopped.</summary>
    private static readonly TimeSpan BodyGrace = TimeSpan.FromSeconds(1);

    private const int MinReadSize = 4 * 1024;
    private const int MaxReadSize = 64 * 1024;

    private readonly UpstreamClient upstream = new(options);

    public ForwarderOptions Options { get; } = options;

    public async Task HandleAsync(HttpContext context, PathString remainder)
    {
        // 1. Classify.
        var upgrade = ProtocolUpgrade.Detect(context, upstream.IsHttp2);
        if (upgrade is null && HttpMethods.IsConnect(context.Request.Method))
        {
            await ErrorPage.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed",
                "Porch is a reverse proxy for this site, not a forward proxy: CONNECT tunnels are not offered.");
            return;
        }

        if (upgrade is { CanForward: false })
        {
            await FailAsync(context, FailureClassifier.Of(ForwarderError.UpgradeFailed, $"cannot carry \"{upgrade.Protocol}\": only WebSocket upgrades are forwarded"));
            return;
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var deadline = new ForwardingDeadline(Options.ResponseTimeout, context.RequestAborted);

        // 2-4. Build the outgoing request with its streaming body and headers.
        var target = RequestTarget(context);
        if (DotSegments.In(target))
        {
            // Routing saw the path with "." and ".." resolved; forwarding the raw target would let the upstream
            // resolve them against its base path and reach what the route does not cover.
            await FailAsync(context, new ForwardingFailure(ForwarderError.RequestInvalid, "the path has . or .. segments", StatusCodes.Status400BadRequest));
            return;
        }

        if (!upstream.TryTargetUri(target, out var uri))
        {
            await FailAsync(context, new ForwardingFailure(ForwarderError.RequestInvalid, "the target is not a valid URL path", StatusCodes.Status400BadRequest));
            return;
        }

        using var outgoing = CreateRequest(context, uri, upgrade, deadline, out var body);

        // 5. Send; the response body stays on the wire until read.
        HttpResponseMessage response;
        try
        {
            response = await upstream.Invoker.SendAsync(outgoing, deadline.Token);
        }
        catch (Exception e)
        {
            await FailAsync(context, FailureClassifier.Classify(e, body, deadline));
            await FinishBodyAsync(body, deadline);
            return;
        }

        using (response)
        {
            deadline.Disarm();
            ForwardingFailure? failure;
            if (upgrade is not null && upgrade.IsAccepted(response))
            {
                // 6. Upgrade.
                failure = await upgrade.TunnelAsync(context, response, deadline);
            }
            else if (upgrade is not null && !upgrade.CanPassRefusal(response))
            {
                failure = FailureClassifier.Of(ForwarderError.UpgradeFailed, $"answered {(int)response.StatusCode} instead of switching");
            }
            else
            {
                // 7. Status, headers, body, trailers.
                failure = await CopyResponseAsync(context, response, deadline);
            }

            if (failure is { } f)
            {
                await FailAsync(context, f);
            }
        }

        // 8. The request body copy, if still running.
        await FinishBodyAsync(body, deadline);
    }

    public void Dispose() => upstream.Dispose();

    private HttpRequestMessage CreateRequest(
        HttpContext context, Uri uri, ProtocolUpgrade? upgrade, ForwardingDeadline deadline, out StreamingRequestContent? body)
    {
        var request = context.Request;
        var outgoing = new HttpRequestMessage { RequestUri = uri };
        body = null;
        if (upgrade is not null)
        {
            upgrade.Prepare(request, outgoing);
        }
        else
        {
            outgoing.Method = HttpMethod.Parse(request.Method);
            outgoing.Version = upstream.Version;
            outgoing.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            outgoing.Content = CreateContent(context, deadline, out body);
            RequestHeaders.Copy(request, outgoing);
        }

        if (!upstream.KeepsClientHost)
        {
            outgoing.Headers.Remove(HeaderNames.Host);
        }

        ForwardedHeaders.Add(context, outgoing);
        return outgoing;
    }

    /// <summary>
    /// The body, if the request has one: Kestrel knows from Content-Length, Transfer-Encoding or the HTTP/2 stream.
    /// An explicit <c>Content-Length: 0</c> keeps an empty content so its Content-Type still reaches the app.
    /// </summary>
    private static HttpContent? CreateContent(HttpContext context, ForwardingDeadline deadline, out StreamingRequestContent? body)
    {
        var request = context.Request;
        body = null;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return request.ContentLength == 0 ? new ByteArrayContent([]) : null;
        }

        body = new StreamingRequestContent(request.BodyReader, deadline);
        body.Headers.ContentLength = request.ContentLength;
        return body;
    }

    /// <summary>
    /// The request target as the client sent it (origin-form, RFC 9112 §3.2.1), so the app sees the same bytes. An
    /// absolute-form target is rebuilt as origin-form from the parsed path.
    /// </summary>
    private static string RequestTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is { Length: > 0 } && raw[0] == '/')
        {
            return raw;
        }

        var request = context.Request;
        var path = request.Path.HasValue ? request.Path.ToUriComponent() : "/";
        return path + request.QueryString.ToUriComponent();
    }

    private static async ValueTask<ForwardingFailure?> CopyResponseAsync(HttpContext context, HttpResponseMessage response, ForwardingDeadline deadline)
    {
        if (!ResponseHeaders.TryCopy(response, context.Response, keepUpgrade: false))
        {
            return FailureClassifier.Of(ForwarderError.UpstreamInvalidResponse, "response headers Porch cannot pass on");
        }

        var writer = context.Response.BodyWriter;
        var readSize = MinReadSize;
        try
        {
            var source = await response.Content.ReadAsStreamAsync(deadline.Token);
            var read = await FirstReadAsync(source, writer, deadline);
            while (read > 0)
            {

                var flushed = await writer.FlushAsync();
                if (flushed.IsCompleted || flushed.IsCanceled || deadline.ClientAborted)
                {
                    return FailureClassifier.Of(ForwarderError.ClientAborted, "the client went away during the response");
                }

                var memory = writer.GetMemory(readSize);
                read = await source.ReadAsync(memory, deadline.Token);
                writer.Advance(read);
                // A body that fills each read is a big one: read bigger, fewer flushes.
                if (read == memory.Length && readSize < MaxReadSize)
                {
                    readSize *= 2;
                }
            }
        }
        catch (Exception e)
        {
            return deadline.ClientAborted
                ? FailureClassifier.Of(ForwarderError.ClientAborted, "the client went away during the response")
                : FailureClassifier.Of(ForwarderError.ResponseBodyFailed, e.Message);
        }

        ResponseHeaders.CopyTrailers(response, context.Response);
        return null;
    }

    /// <summary>
    /// The first body read. When the upstream sent its head but no body bytes yet (server-sent events, a long poll),
    /// the head goes to the client now instead of with the first byte, so the client sees the response has begun
    /// (an EventSource fires "open"). A body already there goes out with the head in one write, as before, and an
    /// empty one still gets Content-Length: 0 rather than an empty chunked body. Returns the bytes read (0: the end).
    /// </summary>
    private static async ValueTask<int> FirstReadAsync(Stream source, PipeWriter writer, ForwardingDeadline deadline)
    {
        // Returned to the pool only once the read is over: a failed flush must not hand out a buffer still being read into.
        var buffer = ArrayPool<byte>.Shared.Rent(MinReadSize);
        var reading = source.ReadAsync(buffer.AsMemory(0, MinReadSize), deadline.Token);
        if (!reading.IsCompleted)
        {
            // An empty flush starts the response: Kestrel writes the status line and headers (HEADERS in h2). A client
            // that left shows in the next flush's result.
            await writer.FlushAsync();
        }

        var read = await reading;
        writer.Write(buffer.AsSpan(0, read));
        ArrayPool<byte>.Shared.Return(buffer);
        return read;
    }

    private Task FailAsync(HttpContext context, ForwardingFailure failure)
    {
        var method = context.Request.Method;
        var target = RequestTarget(context);
        switch (failure.Error)
        {
            case ForwarderError.ClientAborted:
                ForwarderLog.ClientAborted(logger, method, target, upstream.Display, failure.Reason);
                return Task.CompletedTask;
            case ForwarderError.RequestInvalid or ForwarderError.RequestBodyRejected:
                ForwarderLog.RequestBodyRejected(logger, method, target, failure.Reason, failure.StatusCode);
                return ErrorPage.WriteAsync(context, failure.StatusCode, ReasonPhrases.GetReasonPhrase(failure.StatusCode), failure.Reason);
            case ForwarderError.ResponseBodyFailed:
                ForwarderLog.ResponseBodyFailed(logger, method, target, upstream.Display, failure.Reason);
                context.Abort();
                return Task.CompletedTask;
        }

        ForwarderLog.UpstreamFailed(logger, method, target, upstream.Display, failure.Reason, failure.Error, failure.StatusCode);
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        context.Response.Headers.Clear();
        var (title, detail) = failure.StatusCode == StatusCodes.Status504GatewayTimeout
            ? ("Gateway Timeout", $"The app at {upstream.Display} did not answer in time ({failure.Reason}).")
            : failure.Error is ForwarderError.UpstreamInvalidResponse or ForwarderError.UpgradeFailed
                ? ("Bad Gateway", $"The app at {upstream.Display} answered in a way Porch cannot pass on ({failure.Reason}).")
                : ("Bad Gateway", $"The app at {upstream.Display} is not answering ({failure.Reason}).");
        return ErrorPage.WriteAsync(context, failure.StatusCode, title, detail);
    }

    /// <summary>Step 8: lets a request body copy that is still running end on its own for a moment, then stops it.</summary>
    private static async Task FinishBodyAsync(StreamingRequestContent? body, ForwardingDeadline deadline)
    {
        if (body?.Copying is not { IsCompleted: false } copying)
        {
            return;
        }

        await Task.WhenAny(copying, Task.Delay(BodyGrace, deadline.Token));
        deadline.Cancel();
        try
        {
            await copying;
        }
        catch (Exception)
        {
            // Its failure was already seen through SendAsync, or no longer matters once the response is complete.
        }
    }
}
