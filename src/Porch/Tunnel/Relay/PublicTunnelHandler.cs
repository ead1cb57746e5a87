using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Porch.Access;
using Porch.Hosting;

namespace Porch.Tunnel.Relay;

/// <summary>
/// A public request for NAME.DOMAIN:
/// <list type="number">
/// <item>The tunnel must be connected (else 404 naming it).</item>
/// <item>Its own access policy, from the client's hello, every visitor remote (<see cref="AccessGate"/>).</item>
/// <item>A free stream slot of that tunnel, waited for briefly (else 503): one busy tunnel fills only its own slots.</item>
/// <item>The tunnel's own <see cref="Forwarding.Forwarder"/>, whose connections are tunnel streams: access log,
/// forwarded headers, 502/504 pages and upgrades exactly as for <c>porch proxy</c>.</item>
/// </list>
/// </summary>
internal sealed class PublicTunnelHandler(TunnelRegistry registry)
{
    private readonly ILogger logger = registry.LoggerFactory.CreateLogger("Porch.Tunnel.Relay");

    public async Task HandleAsync(HttpContext context, string name)
    {
        if (registry.Find(name) is not { } session)
        {
            await ErrorPage.WriteAsync(context, StatusCodes.Status404NotFound, "Not Found",
                $"No tunnel named {name} is connected to this relay. If it is yours, start it again with porch share.");
            return;
        }

        if (!await AccessGate.CheckAsync(context, session.Policy, logger, registry.Time))
        {
            return;
        }

        if (!await session.EnterAsync(context.RequestAborted))
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            RelayLog.TunnelBusy(logger, name, registry.Settings.MaxStreams);
            context.Response.Headers.RetryAfter = "1";
            await ErrorPage.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable",
                $"Tunnel {name} is already carrying {registry.Settings.MaxStreams.ToString(CultureInfo.InvariantCulture)} connections, " +
                "the most this relay allows for one tunnel. Try again in a moment.");
            return;
        }

        try
        {
            await session.Forwarder.HandleAsync(context, context.Request.Path);
        }
        catch (ObjectDisposedException) when (session.Closed.IsCancellationRequested)
        {
            // The tunnel closed under this request: its forwarder is gone with it.
            if (!context.Response.HasStarted)
            {
                await ErrorPage.WriteAsync(context, StatusCodes.Status502BadGateway, "Bad Gateway", $"Tunnel {name} closed while this request was on its way.");
            }
        }
        finally
        {
            session.Exit();
        }
    }
}
