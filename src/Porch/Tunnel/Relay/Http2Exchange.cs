using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>The HTTP/2 form of a control request: the request body in, the response body out.</summary>
internal sealed class Http2Exchange(HttpContext context) : TunnelExchange
{
    public override string Transport => Http2;

    public override PipeReader Input => context.Request.BodyReader;

    public override Stream Output => context.Response.Body;

    public override void Accept()
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = TunnelReply.ContentType;
        context.Response.Headers.CacheControl = "no-store";
    }

    public override Task RefuseAsync(int statusCode, ErrorMessage error) => TunnelReply.RefuseAsync(context, statusCode, error);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
