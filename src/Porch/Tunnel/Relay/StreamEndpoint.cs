using Microsoft.AspNetCore.Http;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// <c>POST /.porch/tunnel/v1/stream</c> on the relay's own domain with the session header: a parked stream request.
/// It waits in the session's pool until a public connection needs the app (then it is answered 200 and becomes that
/// stream), until it idles too long or the tunnel closes (answered 204), or until the client gives it up. The handler
/// returns only when the stream is over: Kestrel reuses the request's objects after that. A WebSocket upgrade over
/// HTTP/1.1 parks the same way (<see cref="WebSocketParked"/>).
/// </summary>
internal sealed class StreamEndpoint(TunnelRegistry registry)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (!await TunnelReply.AcceptsAsync(context, "stream"))
        {
            return;
        }

        var id = context.Request.Headers[TunnelProtocol.SessionHeader].ToString();
        if (registry.FindSession(id) is not { } session)
        {
            await TunnelReply.RefuseAsync(context, StatusCodes.Status404NotFound, TunnelErrorCode.Unavailable,
                "no tunnel session with this id is open on the relay (it ended); reconnect the tunnel");
            return;
        }

        TunnelReply.LiftLimits(context);
        if (WebSocketUpgrade.IsRequest(context))
        {
            using var socket = await WebSocketParked.AcceptAsync(context);
            if (!session.Pool.Park(socket.ToParkedStream(registry.Time.GetTimestamp())))
            {
                await socket.DismissAsync();
            }

            await socket.Finished;
            return;
        }

        var request = new ParkedRequest(context);
        if (!session.Pool.Park(request.ToParkedStream(registry.Time.GetTimestamp())))
        {
            await TunnelReply.RefuseAsync(context, StatusCodes.Status404NotFound, TunnelErrorCode.Unavailable, "the tunnel session ended; reconnect the tunnel");
            return;
        }

        await request.Finished;
    }
}
