using Microsoft.AspNetCore.Http;
using Porch.Hosting;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// The relay site's only handler. On the relay's own domain: the two tunnel endpoints, and a short page for anything
/// else (the domain is not a tunnel). On NAME.DOMAIN: that tunnel, tunnel paths included, since they belong to the
/// app there.
/// </summary>
internal sealed class RelayDispatcher(TunnelRegistry registry, ControlEndpoint control, StreamEndpoint streams, PublicTunnelHandler tunnels)
    : IRequestHandler
{
    public Task HandleAsync(HttpContext context, PathString remainder)
    {
        var host = context.Request.Host.Host.TrimEnd('.');
        if (string.Equals(host, registry.Domain, StringComparison.OrdinalIgnoreCase))
        {
            var path = context.Request.Path.Value;
            return path switch
            {
                TunnelProtocol.ControlPath => control.HandleAsync(context),
                TunnelProtocol.StreamPath => streams.HandleAsync(context),
                _ => ErrorPage.WriteAsync(context, StatusCodes.Status404NotFound, "Not Found",
                    $"This is a Porch relay. Its tunnels are at {registry.Settings.UrlFor("NAME")}; {registry.Domain} itself serves nothing."),
            };
        }

        if (registry.NameOf(host) is { } name)
        {
            return tunnels.HandleAsync(context, name);
        }

        return ErrorPage.WriteAsync(context, StatusCodes.Status404NotFound, "Not Found",
            $"\"{host}\" is not a tunnel of this relay: tunnel names are one label before {registry.Domain}.");
    }
}
