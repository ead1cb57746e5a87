using Microsoft.AspNetCore.Http;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>Refusals on the tunnel endpoints: a status and one <see cref="ErrorMessage"/> line the client prints as is.</summary>
internal static class TunnelReply
{
    public const string ContentType = "application/x-ndjson";

    public static async Task RefuseAsync(HttpContext context, int statusCode, ErrorMessage error)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        var line = TunnelMessageCodec.Encode(error);
        response.ContentLength = line.Length;
        await response.Body.WriteAsync(line, context.RequestAborted);
    }

    public static Task RefuseAsync(HttpContext context, int statusCode, string code, string detail) =>
        RefuseAsync(context, statusCode, new ErrorMessage(code, detail));

    /// <summary>
    /// Tunnel streams live as long as the tunnel or the public connection, and may sit idle or be held back by a
    /// client that stops reading: the per-request body size and minimum data rates do not apply to them. HTTP/2
    /// only lets a request turn the rates off, not change them (RFC 9113 flow control already paces the bytes).
    /// </summary>
    public static void LiftLimits(HttpContext context)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        if (context.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttpMinRequestBodyDataRateFeature>() is { } requestRate)
        {
            requestRate.MinDataRate = null;
        }

        if (context.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttpMinResponseDataRateFeature>() is { } responseRate)
        {
            responseRate.MinDataRate = null;
        }
    }

    /// <summary>
    /// The tunnel endpoints take POST over HTTP/2, or a WebSocket upgrade over HTTP/1.1 for ways that strip HTTP/2
    /// (<see cref="WebSocketUpgrade"/>). Any other HTTP/1.1 request most likely met a proxy that downgrades it. False
    /// when refused here (the answer is written).
    /// </summary>
    public static async ValueTask<bool> AcceptsAsync(HttpContext context, string endpoint)
    {
        if (WebSocketUpgrade.IsRequest(context))
        {
            return true;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await RefuseAsync(context, StatusCodes.Status405MethodNotAllowed, TunnelErrorCode.BadHello,
                $"the {endpoint} endpoint takes POST over HTTP/2, or a WebSocket upgrade over HTTP/1.1");
            return false;
        }

        if (!HttpProtocol.IsHttp2(context.Request.Protocol))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, TunnelErrorCode.BadHello,
                $"the tunnel endpoints take POST over HTTP/2 only, and this request came as {context.Request.Protocol}; " +
                "connect with HTTP/2 (porch share does), or check for a proxy on the way that downgrades it (porch share --transport websocket passes one)");
            return false;
        }

        return true;
    }
}
